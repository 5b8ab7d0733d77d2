using Buckets.Abstractions;

namespace Buckets.Grains.Persistence;

/// <summary>
/// The <c>meta</c> file of an object on one disk: the latest version, the older ones (newest first), which shard this
/// disk holds, and for a small latest version that disk's whole shard stream inline, so the object costs one file and
/// one sync per disk. Older versions are never inline: a version that stops being the latest moves to a data dir.
/// A <paramref name="Deleted"/> document is a tombstone: a delete is a metadata switch like a write, so a delete that
/// misses its quorum can be undone and one that reaches it cannot be outvoted by disks that were away.
/// </summary>
/// <param name="Stamp">When this document was written: tells two disks' documents apart and orders them. Format 1
/// documents have none; their version's modification time stands in.</param>
public sealed record ObjectMetadataDocument(
    int FormatVersion,
    ObjectVersion Version,
    int ShardIndex,
    byte[]? InlineShard,
    bool Deleted = false,
    ObjectVersion[]? Older = null,
    DateTimeOffset? Stamp = null)
{
    public const int CurrentFormat = 2;

    /// <summary>Format 1 (one version, no stamp) is still read.</summary>
    public static bool IsReadable(int format) => format is 1 or CurrentFormat;

    /// <summary>
    /// True when <paramref name="document"/> is no document, a tombstone, or one of the null version alone: what a
    /// write of an unversioned bucket may replace without reading it first, since the full path (the null version
    /// replaced, every other version kept) would leave nothing else either. False for anything it cannot read.
    /// </summary>
    public static bool HoldsNullVersionAtMost(byte[]? document)
    {
        if (document is null)
        {
            return true;
        }

        return GrainJson.Deserialize<ObjectMetadataDocument>(document) is { } parsed
            && IsReadable(parsed.FormatVersion)
            && (parsed.Deleted || (parsed.Older is null or [] && parsed.Version.VersionId is null));
    }

    public DateTimeOffset EffectiveStamp => Stamp ?? Version.LastModified;

    /// <summary>Every version, newest first; none for a tombstone.</summary>
    public IReadOnlyList<ObjectVersion> Versions => Deleted ? [] : [Version, .. Older ?? []];
}
