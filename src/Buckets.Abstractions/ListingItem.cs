namespace Buckets.Abstractions;

/// <summary>
/// One entry of a disk's listing: a key with the summary its metadata write left in the index, or a common prefix
/// (<paramref name="IsPrefix"/>, no summary).
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.ListingItem")]
public sealed record ListingItem(string Name, bool IsPrefix, bool Hidden, byte[]? Summary);
