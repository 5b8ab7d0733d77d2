namespace Buckets.Abstractions;

/// <summary>
/// One object key (<c>bucket/key</c>): where it lives and its current metadata, and the coordinator of every write
/// to it. Writers are serialized here; the metadata switch is atomic on a write quorum, so a reader sees the old
/// object or the new one, never a mix.
/// </summary>
[Alias("buckets.IObjectRegistryGrain")]
public interface IObjectRegistryGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<ObjectState?> Get();

    /// <summary>Picks the set and a fresh data dir for a streamed write.</summary>
    [Alias("BeginWrite")]
    Task<WriteTicket> BeginWrite();

    /// <summary>
    /// Makes a streamed write current; <paramref name="diskMask"/> names the disks that hold all its shards. With
    /// <paramref name="createOnly"/> (If-None-Match: *) an existing object wins and the write is dropped.
    /// </summary>
    [Alias("Commit")]
    Task<ObjectVersion> Commit(ObjectVersion version, ulong diskMask, bool createOnly);

    /// <summary>Drops the shards of a streamed write that will not be committed.</summary>
    [Alias("Abort")]
    Task Abort(WriteTicket ticket);

    /// <summary>Stores a small object whose shards ride inside the metadata: one durable write per disk.</summary>
    [Alias("PutInline")]
    Task<ObjectVersion> PutInline(ObjectVersion version, Immutable<byte[]> data, bool createOnly);

    /// <summary>Deletes the object; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> Delete();
}
