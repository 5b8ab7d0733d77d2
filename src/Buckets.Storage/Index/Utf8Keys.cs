using System.Text;

namespace Buckets.Storage;

/// <summary>
/// Keys as the index stores and orders them: strict UTF-8 bytes compared bytewise (unsigned, shorter first on a
/// tie), which is the order S3 lists in. <see cref="string.CompareOrdinal(string, string)"/> is not: it compares
/// UTF-16 code units, so a supplementary character (a surrogate pair, 0xD800..) sorts before U+E000..U+FFFF,
/// while its UTF-8 form (0xF0..) sorts after them.
/// </summary>
internal static class Utf8Keys
{
    /// <summary>Longest key the index accepts, in UTF-8 bytes (S3 allows 1,024).</summary>
    public const int MaxKeyBytes = 64 * 1024;

    // Throws on lone surrogates instead of mapping them to U+FFFD, which would give two keys one entry.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(string value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        byte[] bytes;
        try
        {
            bytes = Strict.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The value is not valid Unicode (it holds a lone surrogate).", parameterName, e);
        }

        if (bytes.Length > MaxKeyBytes)
        {
            throw new ArgumentException($"The value is {bytes.Length} UTF-8 bytes long; the index takes at most {MaxKeyBytes}.", parameterName);
        }

        return bytes;
    }

    /// <summary>Decodes bytes that <see cref="Encode"/> produced (or a prefix of them ending on a character boundary).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) => Strict.GetString(bytes);

    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b);

    /// <summary>The smallest byte string greater than <paramref name="key"/>: the key followed by a 0 byte.</summary>
    public static byte[] After(ReadOnlySpan<byte> key)
    {
        var after = new byte[key.Length + 1];
        key.CopyTo(after);
        return after;
    }

    /// <summary>
    /// The smallest byte string greater than every string that starts with <paramref name="prefix"/>, or null when
    /// there is none (an empty prefix, or one of only 0xFF bytes, which UTF-8 never produces).
    /// </summary>
    public static byte[]? PrefixEnd(ReadOnlySpan<byte> prefix)
    {
        var length = prefix.Length;
        while (length > 0 && prefix[length - 1] == 0xFF)
        {
            length--;
        }

        if (length == 0)
        {
            return null;
        }

        var end = prefix[..length].ToArray();
        end[^1]++;
        return end;
    }
}
