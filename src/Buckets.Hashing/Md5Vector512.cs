using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Buckets.Hashing;

/// <summary>Sixteen lanes in AVX-512 registers.</summary>
internal readonly unsafe struct Md5Vector512 : IMd5Vector<Vector512<uint>>
{
    public static int Lanes => 16;

    public static bool IsSupported => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> left, Vector512<uint> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Broadcast(uint value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> RotateLeft(Vector512<uint> value, [ConstantExpected] byte count) => Avx512F.RotateLeft(value, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> TernaryLogic(Vector512<uint> a, Vector512<uint> b, Vector512<uint> c, [ConstantExpected] byte control)
        => Avx512F.TernaryLogic(a, b, c, control);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Load(uint* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<uint> value, uint* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadWords(nint* lanes, int block, Vector512<uint>* scratch, Vector512<uint>* words)
    {
        // A lane's block is one row; 32-bit then 64-bit interleaves inside each 128-bit chunk, then a 4x4 transpose
        // of the chunks.
        var rows = scratch;
        for (var i = 0; i < 16; i++)
        {
            rows[i] = Vector512.Load((uint*)(lanes[i] + (block * Md5Block.Size)));
        }

        var t = scratch + 16;
        for (var i = 0; i < 16; i += 2)
        {
            t[i] = Avx512F.UnpackLow(rows[i], rows[i + 1]);
            t[i + 1] = Avx512F.UnpackHigh(rows[i], rows[i + 1]);
        }

        var u = scratch + 32;
        for (var g = 0; g < 16; g += 4)
        {
            u[g] = Avx512F.UnpackLow(t[g].AsUInt64(), t[g + 2].AsUInt64()).AsUInt32();
            u[g + 1] = Avx512F.UnpackHigh(t[g].AsUInt64(), t[g + 2].AsUInt64()).AsUInt32();
            u[g + 2] = Avx512F.UnpackLow(t[g + 1].AsUInt64(), t[g + 3].AsUInt64()).AsUInt32();
            u[g + 3] = Avx512F.UnpackHigh(t[g + 1].AsUInt64(), t[g + 3].AsUInt64()).AsUInt32();
        }

        // u[4g + j] holds words j, j+4, j+8, j+12 of rows 4g..4g+3, one word per 128-bit chunk.
        for (var j = 0; j < 4; j++)
        {
            var v0 = Avx512F.Shuffle4x128(u[j], u[4 + j], 0x44);
            var v1 = Avx512F.Shuffle4x128(u[j], u[4 + j], 0xEE);
            var v2 = Avx512F.Shuffle4x128(u[8 + j], u[12 + j], 0x44);
            var v3 = Avx512F.Shuffle4x128(u[8 + j], u[12 + j], 0xEE);
            words[j] = Avx512F.Shuffle4x128(v0, v2, 0x88);
            words[j + 4] = Avx512F.Shuffle4x128(v0, v2, 0xDD);
            words[j + 8] = Avx512F.Shuffle4x128(v1, v3, 0x88);
            words[j + 12] = Avx512F.Shuffle4x128(v1, v3, 0xDD);
        }
    }
}
