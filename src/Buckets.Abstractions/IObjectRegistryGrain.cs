namespace Buckets.Abstractions;

/// <summary>
/// One object key (<c>bucket/key</c>): where it lives, its versions, and the coordinator of every write to it.
/// Writers are serialized here; the metadata switch is atomic on a write quorum, so a reader sees the old state or
/// the new one, never a mix. Version ids in calls: null means the latest version, "null" S3's null version.
/// </summary>
[Alias("buckets.IObjectRegistryGrain")]
public interface IObjectRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// The latest version (which may be a delete marker), or the named one; null when there is none. Bytes come
    /// along when the version is stored inline.
    /// </summary>
    [Alias("Get")]
    Task<ObjectState?> Get(string? versionId);

    /// <summary>Picks the set and a fresh data dir for a streamed write.</summary>
    [Alias("BeginWrite")]
    Task<WriteTicket> BeginWrite();

    /// <summary>
    /// Makes a streamed write, or a copy linked to its source's shards (whose data dirs, parts included, it then
    /// owns), the latest version; <paramref name="diskMask"/> names the disks that hold all its shards. With <paramref name="createOnly"/> (If-None-Match: *) an existing object wins and the write is
    /// dropped. <paramref name="versioning"/> decides whether the write adds a version or replaces the null one.
    /// </summary>
    [Alias("Commit")]
    Task<ObjectVersion> Commit(ObjectVersion version, ulong diskMask, bool createOnly, BucketVersioning versioning);

    /// <summary>Makes an object assembled from uploaded parts (each already durable on a write quorum) the latest version.</summary>
    [Alias("CommitMultipart")]
    Task<ObjectVersion> CommitMultipart(ObjectVersion version, BucketVersioning versioning);

    /// <summary>Which of <paramref name="dataDirs"/> some version of the key still reads from.</summary>
    [Alias("Referenced")]
    Task<Guid[]> Referenced(Guid[] dataDirs);

    /// <summary>
    /// Drops the shards of a streamed write that will not be committed; a write that was committed after all (its
    /// caller saw the commit call fail, not the commit) keeps them.
    /// </summary>
    [Alias("Abort")]
    Task Abort(WriteTicket ticket);

    /// <summary>Stores a small object whose shards ride inside the metadata: one durable write per disk.</summary>
    [Alias("PutInline")]
    Task<ObjectVersion> PutInline(ObjectVersion version, Immutable<byte[]> data, bool createOnly, BucketVersioning versioning);

    /// <summary>
    /// Without a version id: deletes the object (unversioned) or adds a delete marker (versioning on or suspended).
    /// With one: removes that version for good.
    /// </summary>
    [Alias("Delete")]
    Task<ObjectDeletion> Delete(string? versionId, BucketVersioning versioning);

    /// <summary>
    /// Replaces the tag set of the latest version or the named one (empty or null: removes it) with a metadata switch
    /// on a write quorum; ETag and Last-Modified stay. Answers the version as it now is, null when there is none, and a
    /// delete marker unchanged (markers carry no tags).
    /// </summary>
    [Alias("SetTags")]
    Task<ObjectVersion?> SetTags(string? versionId, ObjectTag[]? tags);
}
