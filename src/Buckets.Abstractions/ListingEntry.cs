namespace Buckets.Abstractions;

/// <summary>
/// What a metadata write leaves in its disk's listing index for the key: the listing summary of the object's
/// versions, and whether only delete markers are left (hidden from ListObjects, shown by ListObjectVersions).
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.ListingEntry")]
public sealed record ListingEntry(bool Hidden, byte[] Summary);
