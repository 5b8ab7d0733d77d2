namespace Buckets.Abstractions;

/// <summary>
/// Orders strings as S3 orders keys: by their UTF-8 bytes, which is code point order. Ordinal string comparison
/// orders UTF-16 code units instead and puts U+E000..U+FFFF after the surrogate pairs of U+10000 and above.
/// </summary>
public sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        return Weight(a[common]).CompareTo(Weight(b[common]));
    }

    int IComparer<string>.Compare(string? x, string? y) =>
        x is null ? (y is null ? 0 : -1) : y is null ? 1 : Compare(x.AsSpan(), y.AsSpan());

    // Surrogates move above U+FFFF, U+E000..U+FFFF move down into the gap they leave: code point order.
    private static int Weight(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
