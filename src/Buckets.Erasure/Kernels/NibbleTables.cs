namespace Buckets.Erasure.Kernels;

/// <summary>
/// The split-table method (as in ISA-L): c * x = c * (x &amp; 0x0f) xor c * (x &amp; 0xf0), and each half is a
/// 16-entry lookup a byte shuffle does for a whole vector at once.
/// </summary>
internal static class NibbleTables
{
    /// <summary>Writes the low table then the high table, each repeated once per 16-byte lane.</summary>
    public static void Fill(byte coefficient, Span<byte> table, int vectorWidth)
    {
        for (var lane = 0; lane < vectorWidth; lane += 16)
        {
            for (var x = 0; x < 16; x++)
            {
                table[lane + x] = GaloisField.Multiply(coefficient, (byte)x);
                table[vectorWidth + lane + x] = GaloisField.Multiply(coefficient, (byte)(x << 4));
            }
        }
    }
}
