using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Buckets.Erasure.Kernels;

/// <summary>
/// Multiplication by a constant is linear over GF(2), so it is an 8x8 bit matrix, and
/// <c>vgf2p8affineqb</c> applies one to 64 bytes in a single instruction. (<c>vgf2p8mulb</c> is no use:
/// it is fixed to the AES polynomial 0x11b.)
/// </summary>
internal readonly unsafe struct GfniMultiplier : IGaloisMultiplier<Vector512<byte>>
{
    public static bool IsSupported => Gfni.V512.IsSupported && Avx512BW.IsSupported;

    public static int Width => 64;

    public static int TableBytes => 64;

    public static void FillTable(byte coefficient, Span<byte> table)
    {
        var matrix = AffineMatrix(coefficient);
        for (var i = 0; i < 8; i++)
        {
            BitConverter.TryWriteBytes(table.Slice(i * 8, 8), matrix);
        }
    }

    /// <summary>
    /// Bit i of the result is parity(byte[7 - i] of the matrix AND x), so byte[7 - i] collects the input
    /// bits j whose product <c>coefficient * 2^j</c> has bit i set.
    /// </summary>
    public static ulong AffineMatrix(byte coefficient)
    {
        ulong matrix = 0;
        for (var i = 0; i < 8; i++)
        {
            var row = 0;
            for (var j = 0; j < 8; j++)
            {
                row |= ((GaloisField.Multiply(coefficient, (byte)(1 << j)) >> i) & 1) << j;
            }

            matrix |= (ulong)row << (8 * (7 - i));
        }

        return matrix;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Load(byte* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<byte> value, byte* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Xor(Vector512<byte> left, Vector512<byte> right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Split(Vector512<byte> data, out Vector512<byte> low, out Vector512<byte> high)
    {
        low = data;
        high = default;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Multiply(Vector512<byte> low, Vector512<byte> high, byte* table) =>
        Gfni.V512.GaloisFieldAffineTransform(low, Vector512.Load(table), 0);
}
