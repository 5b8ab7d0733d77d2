namespace Buckets.Storage;

/// <summary>
/// One page of a bucket's key index. Keys are listed in UTF-8 byte order.
/// </summary>
/// <param name="Prefix">Only keys starting with it.</param>
/// <param name="StartAfter">
/// Exclusive: only items after it, a key or a common prefix (normally the last item of the previous page). A
/// common prefix equal to it is skipped whole; one that merely contains keys after it is listed (as S3 does for a
/// start-after inside a common prefix).
/// </param>
/// <param name="Delimiter">
/// When set (any non-empty string), keys holding it after <paramref name="Prefix"/> are rolled up into one common
/// prefix: the key up to and including the first delimiter after the prefix. A common prefix costs one seek
/// however many keys it covers.
/// </param>
/// <param name="Limit">At most this many items (keys and common prefixes together), 1 to <see cref="MaxLimit"/>.</param>
/// <param name="IncludeHidden">Whether hidden keys (only delete markers) are listed and rolled up; false for ListObjects.</param>
public sealed record IndexQuery(string Prefix = "", string? StartAfter = null, string? Delimiter = null, int Limit = 1000, bool IncludeHidden = false)
{
    public const int MaxLimit = 10_000;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Prefix, nameof(Prefix));
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit, nameof(Limit));
    }
}
