namespace Buckets.Abstractions;

/// <summary>
/// One page of a bucket's keys in UTF-8 byte order. <paramref name="StartAfter"/> is exclusive and may be a key or a
/// common prefix; with a <paramref name="Delimiter"/>, keys that share the part of their name up to the first
/// delimiter after <paramref name="Prefix"/> come back as one common-prefix item. Hidden keys (only delete markers
/// left) are skipped unless <paramref name="IncludeHidden"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.ListingQuery")]
public sealed record ListingQuery(string Prefix, string? StartAfter, string? Delimiter, int Limit, bool IncludeHidden);
