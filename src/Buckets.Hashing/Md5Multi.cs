using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Buckets.Hashing;

/// <summary>
/// MD5 of several independent streams in one vector pass: lane i of every vector is stream i. One stream's MD5 is a
/// chain of dependent steps that leaves most of a core idle, so chains side by side cost about what one does (the
/// multi-buffer technique of minio/md5-simd and Intel's isa-l_crypto). <typeparamref name="TOps"/> sets the width.
/// </summary>
internal static unsafe class Md5Multi<TVector, TOps>
    where TVector : unmanaged
    where TOps : struct, IMd5Vector<TVector>
{
    /// <summary>
    /// Compresses <paramref name="blocks"/> consecutive 64-byte blocks of every lane: lane i reads from
    /// <c>lanes[i] + 64 * n</c> for block n, whether or not its result is wanted.
    /// </summary>
    /// <param name="state">Four vectors A, B, C, D; lane i of each is stream i's state.</param>
    // A server calls this from one thread, rarely enough that tiered compilation would run it unoptimized for a while.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compress(Span<TVector> state, ReadOnlySpan<nint> lanes, int blocks)
    {
        if (state.Length != 4 || lanes.Length != TOps.Lanes)
        {
            throw new ArgumentException($"{TOps.Lanes} lanes and four state vectors are needed.");
        }

        var a = state[0];
        var b = state[1];
        var c = state[2];
        var d = state[3];
        var scratch = stackalloc TVector[48];
        Unsafe.SkipInit(out Words<TVector> words);
        fixed (nint* pointers = lanes)
        {
            for (var n = 0; n < blocks; n++)
            {
                TOps.LoadWords(pointers, n, scratch, (TVector*)Unsafe.AsPointer(ref words.W0));
                Rounds(ref a, ref b, ref c, ref d, ref words);
            }
        }

        state[0] = a;
        state[1] = b;
        state[2] = c;
        state[3] = d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rounds(ref TVector sa, ref TVector sb, ref TVector sc, ref TVector sd, ref Words<TVector> words)
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
        sa = TOps.Add(sa, a);
        sb = TOps.Add(sb, b);
        sc = TOps.Add(sc, c);
        sd = TOps.Add(sd, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector F(TVector a, TVector b, TVector c, TVector d, TVector m, uint k, [ConstantExpected] byte s)
        => Step(a, b, m, k, TOps.TernaryLogic(b, c, d, 0xCA), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector G(TVector a, TVector b, TVector c, TVector d, TVector m, uint k, [ConstantExpected] byte s)
        => Step(a, b, m, k, TOps.TernaryLogic(d, b, c, 0xCA), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector H(TVector a, TVector b, TVector c, TVector d, TVector m, uint k, [ConstantExpected] byte s)
        => Step(a, b, m, k, TOps.TernaryLogic(b, c, d, 0x96), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector I(TVector a, TVector b, TVector c, TVector d, TVector m, uint k, [ConstantExpected] byte s)
        => Step(a, b, m, k, TOps.TernaryLogic(b, c, d, 0x39), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Step(TVector a, TVector b, TVector m, uint k, TVector f, [ConstantExpected] byte s)
        => TOps.Add(b, TOps.RotateLeft(TOps.Add(TOps.Add(TOps.Add(a, TOps.Broadcast(k)), m), f), s));
}
