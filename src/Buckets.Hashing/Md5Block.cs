using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Buckets.Hashing;

/// <summary>
/// The MD5 compression function (RFC 1321) over one 64-byte block, and the padding of a message's last bytes.
/// A stream's state moves between this and <see cref="Md5Multi{TVector, TOps}"/>, which compresses many streams at once.
/// </summary>
internal static class Md5Block
{
    public const int Size = 64;

    public static void Initialize(Span<uint> state)
    {
        state[0] = 0x67452301u;
        state[1] = 0xefcdab89u;
        state[2] = 0x98badcfeu;
        state[3] = 0x10325476u;
    }

    /// <summary>Compresses whole blocks of <paramref name="data"/> into <paramref name="state"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compress(Span<uint> state, ReadOnlySpan<byte> data)
    {
        Span<uint> m = stackalloc uint[16];
        for (var offset = 0; offset + Size <= data.Length; offset += Size)
        {
            for (var i = 0; i < 16; i++)
            {
                m[i] = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(offset + (4 * i), 4));
            }

            Compress(state, m);
        }
    }

    /// <summary>
    /// Compresses the same number of whole blocks of two streams, their steps interleaved: one MD5 chain is a single
    /// dependency chain that leaves most of the core's ALUs idle, two of them side by side take little longer than
    /// one. For two to four streams this beats a sixteen-lane pass, which costs the same however few lanes it fills.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compress2(Span<uint> state1, ReadOnlySpan<byte> data1, Span<uint> state2, ReadOnlySpan<byte> data2)
    {
        if (data1.Length / Size != data2.Length / Size)
        {
            throw new ArgumentException("Both streams need the same number of blocks.", nameof(data2));
        }

        Span<uint> m1 = stackalloc uint[16];
        Span<uint> m2 = stackalloc uint[16];
        for (var offset = 0; offset + Size <= data1.Length; offset += Size)
        {
            for (var i = 0; i < 16; i++)
            {
                m1[i] = BinaryPrimitives.ReadUInt32LittleEndian(data1.Slice(offset + (4 * i), 4));
                m2[i] = BinaryPrimitives.ReadUInt32LittleEndian(data2.Slice(offset + (4 * i), 4));
            }

            Compress2(state1, m1, state2, m2);
        }
    }

    /// <summary>
    /// Pads the last <paramref name="tail"/> bytes (fewer than a block) of a message of <paramref name="totalLength"/>
    /// bytes, compresses them and writes the digest.
    /// </summary>
    public static void Finish(Span<uint> state, ReadOnlySpan<byte> tail, long totalLength, Span<byte> digest)
    {
        Span<byte> last = stackalloc byte[2 * Size];
        last.Clear();
        tail.CopyTo(last);
        last[tail.Length] = 0x80;
        var length = tail.Length + 1 + 8 <= Size ? Size : 2 * Size;
        BinaryPrimitives.WriteUInt64LittleEndian(last.Slice(length - 8), (ulong)totalLength * 8);
        Compress(state, last[..length]);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(digest.Slice(4 * i, 4), state[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Compress(Span<uint> state, ReadOnlySpan<uint> m)
    {
        uint a = state[0], b = state[1], c = state[2], d = state[3];
        a = F(a, b, c, d, m[0], 0xd76aa478u, 7);
        d = F(d, a, b, c, m[1], 0xe8c7b756u, 12);
        c = F(c, d, a, b, m[2], 0x242070dbu, 17);
        b = F(b, c, d, a, m[3], 0xc1bdceeeu, 22);
        a = F(a, b, c, d, m[4], 0xf57c0fafu, 7);
        d = F(d, a, b, c, m[5], 0x4787c62au, 12);
        c = F(c, d, a, b, m[6], 0xa8304613u, 17);
        b = F(b, c, d, a, m[7], 0xfd469501u, 22);
        a = F(a, b, c, d, m[8], 0x698098d8u, 7);
        d = F(d, a, b, c, m[9], 0x8b44f7afu, 12);
        c = F(c, d, a, b, m[10], 0xffff5bb1u, 17);
        b = F(b, c, d, a, m[11], 0x895cd7beu, 22);
        a = F(a, b, c, d, m[12], 0x6b901122u, 7);
        d = F(d, a, b, c, m[13], 0xfd987193u, 12);
        c = F(c, d, a, b, m[14], 0xa679438eu, 17);
        b = F(b, c, d, a, m[15], 0x49b40821u, 22);
        a = G(a, b, c, d, m[1], 0xf61e2562u, 5);
        d = G(d, a, b, c, m[6], 0xc040b340u, 9);
        c = G(c, d, a, b, m[11], 0x265e5a51u, 14);
        b = G(b, c, d, a, m[0], 0xe9b6c7aau, 20);
        a = G(a, b, c, d, m[5], 0xd62f105du, 5);
        d = G(d, a, b, c, m[10], 0x02441453u, 9);
        c = G(c, d, a, b, m[15], 0xd8a1e681u, 14);
        b = G(b, c, d, a, m[4], 0xe7d3fbc8u, 20);
        a = G(a, b, c, d, m[9], 0x21e1cde6u, 5);
        d = G(d, a, b, c, m[14], 0xc33707d6u, 9);
        c = G(c, d, a, b, m[3], 0xf4d50d87u, 14);
        b = G(b, c, d, a, m[8], 0x455a14edu, 20);
        a = G(a, b, c, d, m[13], 0xa9e3e905u, 5);
        d = G(d, a, b, c, m[2], 0xfcefa3f8u, 9);
        c = G(c, d, a, b, m[7], 0x676f02d9u, 14);
        b = G(b, c, d, a, m[12], 0x8d2a4c8au, 20);
        a = H(a, b, c, d, m[5], 0xfffa3942u, 4);
        d = H(d, a, b, c, m[8], 0x8771f681u, 11);
        c = H(c, d, a, b, m[11], 0x6d9d6122u, 16);
        b = H(b, c, d, a, m[14], 0xfde5380cu, 23);
        a = H(a, b, c, d, m[1], 0xa4beea44u, 4);
        d = H(d, a, b, c, m[4], 0x4bdecfa9u, 11);
        c = H(c, d, a, b, m[7], 0xf6bb4b60u, 16);
        b = H(b, c, d, a, m[10], 0xbebfbc70u, 23);
        a = H(a, b, c, d, m[13], 0x289b7ec6u, 4);
        d = H(d, a, b, c, m[0], 0xeaa127fau, 11);
        c = H(c, d, a, b, m[3], 0xd4ef3085u, 16);
        b = H(b, c, d, a, m[6], 0x04881d05u, 23);
        a = H(a, b, c, d, m[9], 0xd9d4d039u, 4);
        d = H(d, a, b, c, m[12], 0xe6db99e5u, 11);
        c = H(c, d, a, b, m[15], 0x1fa27cf8u, 16);
        b = H(b, c, d, a, m[2], 0xc4ac5665u, 23);
        a = I(a, b, c, d, m[0], 0xf4292244u, 6);
        d = I(d, a, b, c, m[7], 0x432aff97u, 10);
        c = I(c, d, a, b, m[14], 0xab9423a7u, 15);
        b = I(b, c, d, a, m[5], 0xfc93a039u, 21);
        a = I(a, b, c, d, m[12], 0x655b59c3u, 6);
        d = I(d, a, b, c, m[3], 0x8f0ccc92u, 10);
        c = I(c, d, a, b, m[10], 0xffeff47du, 15);
        b = I(b, c, d, a, m[1], 0x85845dd1u, 21);
        a = I(a, b, c, d, m[8], 0x6fa87e4fu, 6);
        d = I(d, a, b, c, m[15], 0xfe2ce6e0u, 10);
        c = I(c, d, a, b, m[6], 0xa3014314u, 15);
        b = I(b, c, d, a, m[13], 0x4e0811a1u, 21);
        a = I(a, b, c, d, m[4], 0xf7537e82u, 6);
        d = I(d, a, b, c, m[11], 0xbd3af235u, 10);
        c = I(c, d, a, b, m[2], 0x2ad7d2bbu, 15);
        b = I(b, c, d, a, m[9], 0xeb86d391u, 21);
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Compress2(Span<uint> state1, ReadOnlySpan<uint> m1, Span<uint> state2, ReadOnlySpan<uint> m2)
    {
        uint a1 = state1[0], b1 = state1[1], c1 = state1[2], d1 = state1[3];
        uint a2 = state2[0], b2 = state2[1], c2 = state2[2], d2 = state2[3];
        a1 = F(a1, b1, c1, d1, m1[0], 0xd76aa478u, 7);
        a2 = F(a2, b2, c2, d2, m2[0], 0xd76aa478u, 7);
        d1 = F(d1, a1, b1, c1, m1[1], 0xe8c7b756u, 12);
        d2 = F(d2, a2, b2, c2, m2[1], 0xe8c7b756u, 12);
        c1 = F(c1, d1, a1, b1, m1[2], 0x242070dbu, 17);
        c2 = F(c2, d2, a2, b2, m2[2], 0x242070dbu, 17);
        b1 = F(b1, c1, d1, a1, m1[3], 0xc1bdceeeu, 22);
        b2 = F(b2, c2, d2, a2, m2[3], 0xc1bdceeeu, 22);
        a1 = F(a1, b1, c1, d1, m1[4], 0xf57c0fafu, 7);
        a2 = F(a2, b2, c2, d2, m2[4], 0xf57c0fafu, 7);
        d1 = F(d1, a1, b1, c1, m1[5], 0x4787c62au, 12);
        d2 = F(d2, a2, b2, c2, m2[5], 0x4787c62au, 12);
        c1 = F(c1, d1, a1, b1, m1[6], 0xa8304613u, 17);
        c2 = F(c2, d2, a2, b2, m2[6], 0xa8304613u, 17);
        b1 = F(b1, c1, d1, a1, m1[7], 0xfd469501u, 22);
        b2 = F(b2, c2, d2, a2, m2[7], 0xfd469501u, 22);
        a1 = F(a1, b1, c1, d1, m1[8], 0x698098d8u, 7);
        a2 = F(a2, b2, c2, d2, m2[8], 0x698098d8u, 7);
        d1 = F(d1, a1, b1, c1, m1[9], 0x8b44f7afu, 12);
        d2 = F(d2, a2, b2, c2, m2[9], 0x8b44f7afu, 12);
        c1 = F(c1, d1, a1, b1, m1[10], 0xffff5bb1u, 17);
        c2 = F(c2, d2, a2, b2, m2[10], 0xffff5bb1u, 17);
        b1 = F(b1, c1, d1, a1, m1[11], 0x895cd7beu, 22);
        b2 = F(b2, c2, d2, a2, m2[11], 0x895cd7beu, 22);
        a1 = F(a1, b1, c1, d1, m1[12], 0x6b901122u, 7);
        a2 = F(a2, b2, c2, d2, m2[12], 0x6b901122u, 7);
        d1 = F(d1, a1, b1, c1, m1[13], 0xfd987193u, 12);
        d2 = F(d2, a2, b2, c2, m2[13], 0xfd987193u, 12);
        c1 = F(c1, d1, a1, b1, m1[14], 0xa679438eu, 17);
        c2 = F(c2, d2, a2, b2, m2[14], 0xa679438eu, 17);
        b1 = F(b1, c1, d1, a1, m1[15], 0x49b40821u, 22);
        b2 = F(b2, c2, d2, a2, m2[15], 0x49b40821u, 22);
        a1 = G(a1, b1, c1, d1, m1[1], 0xf61e2562u, 5);
        a2 = G(a2, b2, c2, d2, m2[1], 0xf61e2562u, 5);
        d1 = G(d1, a1, b1, c1, m1[6], 0xc040b340u, 9);
        d2 = G(d2, a2, b2, c2, m2[6], 0xc040b340u, 9);
        c1 = G(c1, d1, a1, b1, m1[11], 0x265e5a51u, 14);
        c2 = G(c2, d2, a2, b2, m2[11], 0x265e5a51u, 14);
        b1 = G(b1, c1, d1, a1, m1[0], 0xe9b6c7aau, 20);
        b2 = G(b2, c2, d2, a2, m2[0], 0xe9b6c7aau, 20);
        a1 = G(a1, b1, c1, d1, m1[5], 0xd62f105du, 5);
        a2 = G(a2, b2, c2, d2, m2[5], 0xd62f105du, 5);
        d1 = G(d1, a1, b1, c1, m1[10], 0x02441453u, 9);
        d2 = G(d2, a2, b2, c2, m2[10], 0x02441453u, 9);
        c1 = G(c1, d1, a1, b1, m1[15], 0xd8a1e681u, 14);
        c2 = G(c2, d2, a2, b2, m2[15], 0xd8a1e681u, 14);
        b1 = G(b1, c1, d1, a1, m1[4], 0xe7d3fbc8u, 20);
        b2 = G(b2, c2, d2, a2, m2[4], 0xe7d3fbc8u, 20);
        a1 = G(a1, b1, c1, d1, m1[9], 0x21e1cde6u, 5);
        a2 = G(a2, b2, c2, d2, m2[9], 0x21e1cde6u, 5);
        d1 = G(d1, a1, b1, c1, m1[14], 0xc33707d6u, 9);
        d2 = G(d2, a2, b2, c2, m2[14], 0xc33707d6u, 9);
        c1 = G(c1, d1, a1, b1, m1[3], 0xf4d50d87u, 14);
        c2 = G(c2, d2, a2, b2, m2[3], 0xf4d50d87u, 14);
        b1 = G(b1, c1, d1, a1, m1[8], 0x455a14edu, 20);
        b2 = G(b2, c2, d2, a2, m2[8], 0x455a14edu, 20);
        a1 = G(a1, b1, c1, d1, m1[13], 0xa9e3e905u, 5);
        a2 = G(a2, b2, c2, d2, m2[13], 0xa9e3e905u, 5);
        d1 = G(d1, a1, b1, c1, m1[2], 0xfcefa3f8u, 9);
        d2 = G(d2, a2, b2, c2, m2[2], 0xfcefa3f8u, 9);
        c1 = G(c1, d1, a1, b1, m1[7], 0x676f02d9u, 14);
        c2 = G(c2, d2, a2, b2, m2[7], 0x676f02d9u, 14);
        b1 = G(b1, c1, d1, a1, m1[12], 0x8d2a4c8au, 20);
        b2 = G(b2, c2, d2, a2, m2[12], 0x8d2a4c8au, 20);
        a1 = H(a1, b1, c1, d1, m1[5], 0xfffa3942u, 4);
        a2 = H(a2, b2, c2, d2, m2[5], 0xfffa3942u, 4);
        d1 = H(d1, a1, b1, c1, m1[8], 0x8771f681u, 11);
        d2 = H(d2, a2, b2, c2, m2[8], 0x8771f681u, 11);
        c1 = H(c1, d1, a1, b1, m1[11], 0x6d9d6122u, 16);
        c2 = H(c2, d2, a2, b2, m2[11], 0x6d9d6122u, 16);
        b1 = H(b1, c1, d1, a1, m1[14], 0xfde5380cu, 23);
        b2 = H(b2, c2, d2, a2, m2[14], 0xfde5380cu, 23);
        a1 = H(a1, b1, c1, d1, m1[1], 0xa4beea44u, 4);
        a2 = H(a2, b2, c2, d2, m2[1], 0xa4beea44u, 4);
        d1 = H(d1, a1, b1, c1, m1[4], 0x4bdecfa9u, 11);
        d2 = H(d2, a2, b2, c2, m2[4], 0x4bdecfa9u, 11);
        c1 = H(c1, d1, a1, b1, m1[7], 0xf6bb4b60u, 16);
        c2 = H(c2, d2, a2, b2, m2[7], 0xf6bb4b60u, 16);
        b1 = H(b1, c1, d1, a1, m1[10], 0xbebfbc70u, 23);
        b2 = H(b2, c2, d2, a2, m2[10], 0xbebfbc70u, 23);
        a1 = H(a1, b1, c1, d1, m1[13], 0x289b7ec6u, 4);
        a2 = H(a2, b2, c2, d2, m2[13], 0x289b7ec6u, 4);
        d1 = H(d1, a1, b1, c1, m1[0], 0xeaa127fau, 11);
        d2 = H(d2, a2, b2, c2, m2[0], 0xeaa127fau, 11);
        c1 = H(c1, d1, a1, b1, m1[3], 0xd4ef3085u, 16);
        c2 = H(c2, d2, a2, b2, m2[3], 0xd4ef3085u, 16);
        b1 = H(b1, c1, d1, a1, m1[6], 0x04881d05u, 23);
        b2 = H(b2, c2, d2, a2, m2[6], 0x04881d05u, 23);
        a1 = H(a1, b1, c1, d1, m1[9], 0xd9d4d039u, 4);
        a2 = H(a2, b2, c2, d2, m2[9], 0xd9d4d039u, 4);
        d1 = H(d1, a1, b1, c1, m1[12], 0xe6db99e5u, 11);
        d2 = H(d2, a2, b2, c2, m2[12], 0xe6db99e5u, 11);
        c1 = H(c1, d1, a1, b1, m1[15], 0x1fa27cf8u, 16);
        c2 = H(c2, d2, a2, b2, m2[15], 0x1fa27cf8u, 16);
        b1 = H(b1, c1, d1, a1, m1[2], 0xc4ac5665u, 23);
        b2 = H(b2, c2, d2, a2, m2[2], 0xc4ac5665u, 23);
        a1 = I(a1, b1, c1, d1, m1[0], 0xf4292244u, 6);
        a2 = I(a2, b2, c2, d2, m2[0], 0xf4292244u, 6);
        d1 = I(d1, a1, b1, c1, m1[7], 0x432aff97u, 10);
        d2 = I(d2, a2, b2, c2, m2[7], 0x432aff97u, 10);
        c1 = I(c1, d1, a1, b1, m1[14], 0xab9423a7u, 15);
        c2 = I(c2, d2, a2, b2, m2[14], 0xab9423a7u, 15);
        b1 = I(b1, c1, d1, a1, m1[5], 0xfc93a039u, 21);
        b2 = I(b2, c2, d2, a2, m2[5], 0xfc93a039u, 21);
        a1 = I(a1, b1, c1, d1, m1[12], 0x655b59c3u, 6);
        a2 = I(a2, b2, c2, d2, m2[12], 0x655b59c3u, 6);
        d1 = I(d1, a1, b1, c1, m1[3], 0x8f0ccc92u, 10);
        d2 = I(d2, a2, b2, c2, m2[3], 0x8f0ccc92u, 10);
        c1 = I(c1, d1, a1, b1, m1[10], 0xffeff47du, 15);
        c2 = I(c2, d2, a2, b2, m2[10], 0xffeff47du, 15);
        b1 = I(b1, c1, d1, a1, m1[1], 0x85845dd1u, 21);
        b2 = I(b2, c2, d2, a2, m2[1], 0x85845dd1u, 21);
        a1 = I(a1, b1, c1, d1, m1[8], 0x6fa87e4fu, 6);
        a2 = I(a2, b2, c2, d2, m2[8], 0x6fa87e4fu, 6);
        d1 = I(d1, a1, b1, c1, m1[15], 0xfe2ce6e0u, 10);
        d2 = I(d2, a2, b2, c2, m2[15], 0xfe2ce6e0u, 10);
        c1 = I(c1, d1, a1, b1, m1[6], 0xa3014314u, 15);
        c2 = I(c2, d2, a2, b2, m2[6], 0xa3014314u, 15);
        b1 = I(b1, c1, d1, a1, m1[13], 0x4e0811a1u, 21);
        b2 = I(b2, c2, d2, a2, m2[13], 0x4e0811a1u, 21);
        a1 = I(a1, b1, c1, d1, m1[4], 0xf7537e82u, 6);
        a2 = I(a2, b2, c2, d2, m2[4], 0xf7537e82u, 6);
        d1 = I(d1, a1, b1, c1, m1[11], 0xbd3af235u, 10);
        d2 = I(d2, a2, b2, c2, m2[11], 0xbd3af235u, 10);
        c1 = I(c1, d1, a1, b1, m1[2], 0x2ad7d2bbu, 15);
        c2 = I(c2, d2, a2, b2, m2[2], 0x2ad7d2bbu, 15);
        b1 = I(b1, c1, d1, a1, m1[9], 0xeb86d391u, 21);
        b2 = I(b2, c2, d2, a2, m2[9], 0xeb86d391u, 21);
        state1[0] += a1;
        state1[1] += b1;
        state1[2] += c1;
        state1[3] += d1;
        state2[0] += a2;
        state2[1] += b2;
        state2[2] += c2;
        state2[3] += d2;
    }

    // a + m + k does not wait for the previous step, so only the round function, one add and the rotate chain each
    // step to the last; the functions are written so that their part that depends on b is as short as it can be.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F(uint a, uint b, uint c, uint d, uint m, uint k, int s) => b + BitOperations.RotateLeft(a + m + k + (((c ^ d) & b) ^ d), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G(uint a, uint b, uint c, uint d, uint m, uint k, int s) => b + BitOperations.RotateLeft(a + m + k + (((b ^ c) & d) ^ c), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint H(uint a, uint b, uint c, uint d, uint m, uint k, int s) => b + BitOperations.RotateLeft(a + m + k + ((c ^ d) ^ b), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint I(uint a, uint b, uint c, uint d, uint m, uint k, int s) => b + BitOperations.RotateLeft(a + m + k + ((b | ~d) ^ c), s);
}
