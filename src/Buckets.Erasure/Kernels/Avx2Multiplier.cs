using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Buckets.Erasure.Kernels;

/// <summary>Nibble tables with <c>vpshufb</c> on 32-byte vectors (AVX2).</summary>
internal readonly unsafe struct Avx2Multiplier : IGaloisMultiplier<Vector256<byte>>
{
    public static bool IsSupported => Avx2.IsSupported;

    public static int Width => 32;

    public static int TableBytes => 64;

    public static void FillTable(byte coefficient, Span<byte> table) => NibbleTables.Fill(coefficient, table, 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Load(byte* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<byte> value, byte* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Xor(Vector256<byte> left, Vector256<byte> right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Split(Vector256<byte> data, out Vector256<byte> low, out Vector256<byte> high)
    {
        var mask = Vector256.Create((byte)0x0f);
        low = data & mask;
        high = Avx2.ShiftRightLogical(data.AsUInt16(), 4).AsByte() & mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Multiply(Vector256<byte> low, Vector256<byte> high, byte* table) =>
        Avx2.Shuffle(Vector256.Load(table), low) ^ Avx2.Shuffle(Vector256.Load(table + 32), high);
}
