namespace Buckets.Abstractions;

/// <summary>
/// A page of a bucket listing merged across erasure sets: entries in UTF-8 byte order, whether more follow, and
/// the name of the last entry to continue after.
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.ObjectListing")]
public sealed record ObjectListing(ListedObject[] Entries, bool IsTruncated);
