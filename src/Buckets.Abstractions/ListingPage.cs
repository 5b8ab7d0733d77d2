namespace Buckets.Abstractions;

/// <summary>A disk's answer to a <see cref="ListingQuery"/>: its items in UTF-8 byte order, and whether more follow.</summary>
[GenerateSerializer, Immutable, Alias("buckets.ListingPage")]
public sealed record ListingPage(ListingItem[] Items, bool IsTruncated);
