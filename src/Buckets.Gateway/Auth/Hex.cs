namespace Buckets.Gateway.Auth;

/// <summary>Lowercase hex over ASCII bytes, for signatures that never become strings on the chunk path.</summary>
internal static class Hex
{
    private static ReadOnlySpan<byte> Digits => "0123456789abcdef"u8;

    public static void WriteLower(ReadOnlySpan<byte> bytes, Span<byte> asciiDestination)
    {
        var digits = Digits;
        for (var i = 0; i < bytes.Length; i++)
        {
            asciiDestination[2 * i] = digits[bytes[i] >> 4];
            asciiDestination[(2 * i) + 1] = digits[bytes[i] & 0xF];
        }
    }

    /// <summary>Decodes hex in either case; false unless <paramref name="hex"/> is exactly twice the destination.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        if (hex.Length != 2 * destination.Length)
        {
            return false;
        }

        for (var i = 0; i < destination.Length; i++)
        {
            var high = Nibble(hex[2 * i]);
            var low = Nibble(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    public static bool TryDecode(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        if (hex.Length != 2 * destination.Length)
        {
            return false;
        }

        for (var i = 0; i < destination.Length; i++)
        {
            var high = Nibble(hex[2 * i]);
            var low = Nibble(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    public static bool IsHex(ReadOnlySpan<char> text, int length)
    {
        if (text.Length != length)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (Nibble(c) < 0)
            {
                return false;
            }
        }

        return true;
    }

    public static int Nibble(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
