using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Buckets.Erasure.Kernels;

/// <summary>Nibble tables with <c>vpshufb</c> on 64-byte vectors (AVX-512BW).</summary>
internal readonly unsafe struct Avx512Multiplier : IGaloisMultiplier<Vector512<byte>>
{
    public static bool IsSupported => Avx512BW.IsSupported;

    public static int Width => 64;

    public static int TableBytes => 128;

    public static void FillTable(byte coefficient, Span<byte> table) => NibbleTables.Fill(coefficient, table, 64);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Load(byte* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<byte> value, byte* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Xor(Vector512<byte> left, Vector512<byte> right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Split(Vector512<byte> data, out Vector512<byte> low, out Vector512<byte> high)
    {
        var mask = Vector512.Create((byte)0x0f);
        low = data & mask;
        high = Avx512BW.ShiftRightLogical(data.AsUInt16(), 4).AsByte() & mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Multiply(Vector512<byte> low, Vector512<byte> high, byte* table) =>
        Avx512BW.Shuffle(Vector512.Load(table), low) ^ Avx512BW.Shuffle(Vector512.Load(table + 64), high);
}
