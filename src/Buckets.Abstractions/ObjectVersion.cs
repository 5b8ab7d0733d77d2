namespace Buckets.Abstractions;

/// <summary>
/// The metadata of one stored object as S3 shows it, plus where its bytes are: the erasure set, the ring
/// generation it was placed under, the data directory of this write, and whether the shards ride inline in the
/// metadata (small objects).
/// </summary>
/// <param name="Headers">Stored response headers verbatim: Content-Type and the other standard ones, and every x-amz-meta-*.</param>
/// <param name="VersionId">S3's version id; null for the "null" version (written while versioning was off or suspended).</param>
/// <param name="IsDeleteMarker">A delete marker: no bytes, it only hides the older versions of a versioned key.</param>
[GenerateSerializer, Immutable, Alias("buckets.ObjectVersion")]
public sealed record ObjectVersion(
    string Bucket,
    string Key,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    Dictionary<string, string> Headers,
    ObjectLayout Layout,
    int SetIndex,
    long RingGeneration,
    Guid DataDir,
    bool Inline,
    string? VersionId = null,
    bool IsDeleteMarker = false)
{
    /// <summary>The version id as S3 shows it: "null" for the null version.</summary>
    public string DisplayVersionId => VersionId ?? NullVersionId;

    public const string NullVersionId = "null";
}
