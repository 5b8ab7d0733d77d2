using Buckets.Abstractions;

namespace Buckets.Grains.Persistence;

/// <summary>
/// The <c>meta</c> file of an object on one disk: the object's version, which shard this disk holds, and for a
/// small object that disk's whole shard stream inline, so the object costs one file and one sync per disk.
/// A <paramref name="Deleted"/> document is a tombstone: a delete is a metadata switch like a write, so a delete that
/// misses its quorum can be undone and one that reaches it cannot be outvoted by disks that were away.
/// </summary>
public sealed record ObjectMetadataDocument(int FormatVersion, ObjectVersion Version, int ShardIndex, byte[]? InlineShard, bool Deleted = false)
{
    public const int CurrentFormat = 1;
}
