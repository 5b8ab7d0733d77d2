namespace Buckets.Abstractions;

/// <summary>
/// The metadata of one stored object as S3 shows it, plus where its bytes are: the erasure set, the ring
/// generation it was placed under, the data directory of this write, and whether the shards ride inline in the
/// metadata (small objects).
/// </summary>
/// <param name="Headers">Stored response headers verbatim: Content-Type and the other standard ones, and every x-amz-meta-*.</param>
/// <param name="VersionId">S3's version id; null for the "null" version (written while versioning was off or suspended).</param>
/// <param name="IsDeleteMarker">A delete marker: no bytes, it only hides the older versions of a versioned key.</param>
/// <param name="Parts">The parts of an object a multipart upload made, each in a data dir of its own; null otherwise.</param>
/// <param name="PartsLinked">
/// The parts came with a copy of a multipart object, by hard links: they only say where the bytes are. S3 sees the
/// copy as an object of one part, as a copy that streamed the bytes would have made it.
/// </param>
/// <param name="Tags">The version's tag set in the order it was given; null when it has none. Changing it is a metadata
/// switch that leaves the ETag and Last-Modified alone.</param>
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
    bool IsDeleteMarker = false,
    ObjectPart[]? Parts = null,
    bool PartsLinked = false,
    ObjectTag[]? Tags = null)
{
    /// <summary>Every data dir holding this version's shards.</summary>
    public IEnumerable<Guid> DataDirs =>
        Parts is not null ? Parts.Select(p => p.DataDir) : Inline || DataDir == Guid.Empty ? [] : [DataDir];

    /// <summary>One part as a single-part version: what a block read of that part needs.</summary>
    public ObjectVersion PartView(ObjectPart part) =>
        this with { DataDir = part.DataDir, Size = part.Size, Layout = part.Layout ?? Layout, Parts = null, PartsLinked = false, Inline = false };

    /// <summary>The version id as S3 shows it: "null" for the null version.</summary>
    public string DisplayVersionId => VersionId ?? NullVersionId;

    public const string NullVersionId = "null";
}
