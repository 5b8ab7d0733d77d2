namespace Buckets.Erasure;

/// <summary>
/// Arithmetic in GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d) and generator 2,
/// the field Intel ISA-L and most storage Reed-Solomon codes use, so parity stays comparable with them.
/// </summary>
public static class GaloisField
{
    /// <summary>The reduction polynomial, including the x^8 term.</summary>
    public const int Polynomial = 0x11d;

    // exp is doubled so Mul can index exp[log a + log b] without a modulo.
    private static readonly byte[] Exp = new byte[512];
    private static readonly byte[] Log = new byte[256];

    /// <summary>Full 256 x 256 product table: <c>MultiplyTable[a * 256 + b] == a * b</c>; the scalar kernel's only tool.</summary>
    internal static readonly byte[] MultiplyTable = new byte[256 * 256];

    static GaloisField()
    {
        var x = 1;
        for (var i = 0; i < 255; i++)
        {
            Exp[i] = (byte)x;
            Exp[i + 255] = (byte)x;
            Log[x] = (byte)i;
            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= Polynomial;
            }
        }

        Exp[510] = Exp[0];
        Exp[511] = Exp[1];
        for (var a = 0; a < 256; a++)
        {
            for (var b = 0; b < 256; b++)
            {
                MultiplyTable[(a << 8) | b] = MultiplySlow((byte)a, (byte)b);
            }
        }
    }

    /// <summary>Product of two field elements.</summary>
    public static byte Multiply(byte a, byte b) => MultiplyTable[(a << 8) | b];

    /// <summary>Multiplicative inverse; zero has none.</summary>
    public static byte Inverse(byte a)
    {
        if (a == 0)
        {
            throw new DivideByZeroException("Zero has no inverse in GF(2^8).");
        }

        return Exp[255 - Log[a]];
    }

    private static byte MultiplySlow(byte a, byte b) =>
        a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];
}
