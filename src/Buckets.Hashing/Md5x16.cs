using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Buckets.Hashing;

/// <summary>
/// MD5 of sixteen independent streams in one AVX-512 pass: lane i of every vector is stream i. One stream's MD5
/// is a chain of dependent steps that leaves most of a core idle, so sixteen chains side by side cost about what
/// one does (the multi-buffer technique of minio/md5-simd and Intel's isa-l_crypto).
/// </summary>
internal static unsafe class Md5x16
{
    public const int Lanes = 16;

    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>
    /// Compresses <paramref name="blocks"/> consecutive 64-byte blocks of every lane: lane i reads from
    /// <c>lanes[i] + 64 * n</c> for block n, whether or not its result is wanted.
    /// </summary>
    /// <param name="state">Four vectors A, B, C, D; lane i of each is stream i's state.</param>
    // A server calls this from one thread, rarely enough that tiered compilation would run it unoptimized for a while.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compress(Span<Vector512<uint>> state, ReadOnlySpan<nint> lanes, int blocks)
    {
        if (state.Length != 4 || lanes.Length != Lanes)
        {
            throw new ArgumentException("Sixteen lanes and four state vectors are needed.");
        }

        var a = state[0];
        var b = state[1];
        var c = state[2];
        var d = state[3];
        var rows = stackalloc Vector512<uint>[Lanes];
        var scratch = stackalloc Vector512<uint>[2 * Lanes];
        for (var n = 0; n < blocks; n++)
        {
            for (var i = 0; i < Lanes; i++)
            {
                rows[i] = Vector512.Load((uint*)(lanes[i] + (n * Md5Block.Size)));
            }

            Transpose(rows, scratch, out var words);
            Rounds(ref a, ref b, ref c, ref d, ref words);
        }

        state[0] = a;
        state[1] = b;
        state[2] = c;
        state[3] = d;
    }

    /// <summary>Sixteen lanes' blocks (one per row) become the sixteen message words, lane i in element i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(Vector512<uint>* rows, Vector512<uint>* scratch, out Words words)
    {
        // 32-bit then 64-bit interleaves inside each 128-bit chunk, then a 4x4 transpose of the chunks.
        Unsafe.SkipInit(out words);
        var t = scratch;
        for (var i = 0; i < Lanes; i += 2)
        {
            t[i] = Avx512F.UnpackLow(rows[i], rows[i + 1]);
            t[i + 1] = Avx512F.UnpackHigh(rows[i], rows[i + 1]);
        }

        var u = scratch + Lanes;
        for (var g = 0; g < Lanes; g += 4)
        {
            u[g] = Avx512F.UnpackLow(t[g].AsUInt64(), t[g + 2].AsUInt64()).AsUInt32();
            u[g + 1] = Avx512F.UnpackHigh(t[g].AsUInt64(), t[g + 2].AsUInt64()).AsUInt32();
            u[g + 2] = Avx512F.UnpackLow(t[g + 1].AsUInt64(), t[g + 3].AsUInt64()).AsUInt32();
            u[g + 3] = Avx512F.UnpackHigh(t[g + 1].AsUInt64(), t[g + 3].AsUInt64()).AsUInt32();
        }

        // u[4g + j] holds words j, j+4, j+8, j+12 of rows 4g..4g+3, one word per 128-bit chunk.
        var w = (Vector512<uint>*)Unsafe.AsPointer(ref words.W0);
        for (var j = 0; j < 4; j++)
        {
            var v0 = Avx512F.Shuffle4x128(u[j], u[4 + j], 0x44);
            var v1 = Avx512F.Shuffle4x128(u[j], u[4 + j], 0xEE);
            var v2 = Avx512F.Shuffle4x128(u[8 + j], u[12 + j], 0x44);
            var v3 = Avx512F.Shuffle4x128(u[8 + j], u[12 + j], 0xEE);
            w[j] = Avx512F.Shuffle4x128(v0, v2, 0x88);
            w[j + 4] = Avx512F.Shuffle4x128(v0, v2, 0xDD);
            w[j + 8] = Avx512F.Shuffle4x128(v1, v3, 0x88);
            w[j + 12] = Avx512F.Shuffle4x128(v1, v3, 0xDD);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rounds(ref Vector512<uint> sa, ref Vector512<uint> sb, ref Vector512<uint> sc, ref Vector512<uint> sd, ref Words words)
    {
        var a = sa;
        var b = sb;
        var c = sc;
        var d = sd;
        var w0 = words.W0;
        var w1 = words.W1;
        var w2 = words.W2;
        var w3 = words.W3;
        var w4 = words.W4;
        var w5 = words.W5;
        var w6 = words.W6;
        var w7 = words.W7;
        var w8 = words.W8;
        var w9 = words.W9;
        var w10 = words.W10;
        var w11 = words.W11;
        var w12 = words.W12;
        var w13 = words.W13;
        var w14 = words.W14;
        var w15 = words.W15;
        a = F(a, b, c, d, w0, 0xd76aa478u, 7);
        d = F(d, a, b, c, w1, 0xe8c7b756u, 12);
        c = F(c, d, a, b, w2, 0x242070dbu, 17);
        b = F(b, c, d, a, w3, 0xc1bdceeeu, 22);
        a = F(a, b, c, d, w4, 0xf57c0fafu, 7);
        d = F(d, a, b, c, w5, 0x4787c62au, 12);
        c = F(c, d, a, b, w6, 0xa8304613u, 17);
        b = F(b, c, d, a, w7, 0xfd469501u, 22);
        a = F(a, b, c, d, w8, 0x698098d8u, 7);
        d = F(d, a, b, c, w9, 0x8b44f7afu, 12);
        c = F(c, d, a, b, w10, 0xffff5bb1u, 17);
        b = F(b, c, d, a, w11, 0x895cd7beu, 22);
        a = F(a, b, c, d, w12, 0x6b901122u, 7);
        d = F(d, a, b, c, w13, 0xfd987193u, 12);
        c = F(c, d, a, b, w14, 0xa679438eu, 17);
        b = F(b, c, d, a, w15, 0x49b40821u, 22);
        a = G(a, b, c, d, w1, 0xf61e2562u, 5);
        d = G(d, a, b, c, w6, 0xc040b340u, 9);
        c = G(c, d, a, b, w11, 0x265e5a51u, 14);
        b = G(b, c, d, a, w0, 0xe9b6c7aau, 20);
        a = G(a, b, c, d, w5, 0xd62f105du, 5);
        d = G(d, a, b, c, w10, 0x02441453u, 9);
        c = G(c, d, a, b, w15, 0xd8a1e681u, 14);
        b = G(b, c, d, a, w4, 0xe7d3fbc8u, 20);
        a = G(a, b, c, d, w9, 0x21e1cde6u, 5);
        d = G(d, a, b, c, w14, 0xc33707d6u, 9);
        c = G(c, d, a, b, w3, 0xf4d50d87u, 14);
        b = G(b, c, d, a, w8, 0x455a14edu, 20);
        a = G(a, b, c, d, w13, 0xa9e3e905u, 5);
        d = G(d, a, b, c, w2, 0xfcefa3f8u, 9);
        c = G(c, d, a, b, w7, 0x676f02d9u, 14);
        b = G(b, c, d, a, w12, 0x8d2a4c8au, 20);
        a = H(a, b, c, d, w5, 0xfffa3942u, 4);
        d = H(d, a, b, c, w8, 0x8771f681u, 11);
        c = H(c, d, a, b, w11, 0x6d9d6122u, 16);
        b = H(b, c, d, a, w14, 0xfde5380cu, 23);
        a = H(a, b, c, d, w1, 0xa4beea44u, 4);
        d = H(d, a, b, c, w4, 0x4bdecfa9u, 11);
        c = H(c, d, a, b, w7, 0xf6bb4b60u, 16);
        b = H(b, c, d, a, w10, 0xbebfbc70u, 23);
        a = H(a, b, c, d, w13, 0x289b7ec6u, 4);
        d = H(d, a, b, c, w0, 0xeaa127fau, 11);
        c = H(c, d, a, b, w3, 0xd4ef3085u, 16);
        b = H(b, c, d, a, w6, 0x04881d05u, 23);
        a = H(a, b, c, d, w9, 0xd9d4d039u, 4);
        d = H(d, a, b, c, w12, 0xe6db99e5u, 11);
        c = H(c, d, a, b, w15, 0x1fa27cf8u, 16);
        b = H(b, c, d, a, w2, 0xc4ac5665u, 23);
        a = I(a, b, c, d, w0, 0xf4292244u, 6);
        d = I(d, a, b, c, w7, 0x432aff97u, 10);
        c = I(c, d, a, b, w14, 0xab9423a7u, 15);
        b = I(b, c, d, a, w5, 0xfc93a039u, 21);
        a = I(a, b, c, d, w12, 0x655b59c3u, 6);
        d = I(d, a, b, c, w3, 0x8f0ccc92u, 10);
        c = I(c, d, a, b, w10, 0xffeff47du, 15);
        b = I(b, c, d, a, w1, 0x85845dd1u, 21);
        a = I(a, b, c, d, w8, 0x6fa87e4fu, 6);
        d = I(d, a, b, c, w15, 0xfe2ce6e0u, 10);
        c = I(c, d, a, b, w6, 0xa3014314u, 15);
        b = I(b, c, d, a, w13, 0x4e0811a1u, 21);
        a = I(a, b, c, d, w4, 0xf7537e82u, 6);
        d = I(d, a, b, c, w11, 0xbd3af235u, 10);
        c = I(c, d, a, b, w2, 0x2ad7d2bbu, 15);
        b = I(b, c, d, a, w9, 0xeb86d391u, 21);
        sa += a;
        sb += b;
        sc += c;
        sd += d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> F(Vector512<uint> a, Vector512<uint> b, Vector512<uint> c, Vector512<uint> d, Vector512<uint> m, uint k,
        [ConstantExpected] byte s)
        => b + Avx512F.RotateLeft(a + Vector512.Create(k) + m + Avx512F.TernaryLogic(b, c, d, 0xCA), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> G(Vector512<uint> a, Vector512<uint> b, Vector512<uint> c, Vector512<uint> d, Vector512<uint> m, uint k,
        [ConstantExpected] byte s)
        => b + Avx512F.RotateLeft(a + Vector512.Create(k) + m + Avx512F.TernaryLogic(d, b, c, 0xCA), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> H(Vector512<uint> a, Vector512<uint> b, Vector512<uint> c, Vector512<uint> d, Vector512<uint> m, uint k,
        [ConstantExpected] byte s)
        => b + Avx512F.RotateLeft(a + Vector512.Create(k) + m + Avx512F.TernaryLogic(b, c, d, 0x96), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> I(Vector512<uint> a, Vector512<uint> b, Vector512<uint> c, Vector512<uint> d, Vector512<uint> m, uint k,
        [ConstantExpected] byte s)
        => b + Avx512F.RotateLeft(a + Vector512.Create(k) + m + Avx512F.TernaryLogic(b, c, d, 0x39), s);
}
