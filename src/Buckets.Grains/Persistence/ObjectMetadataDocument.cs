using Buckets.Abstractions;

namespace Buckets.Grains.Persistence;

/// <summary>
/// The <c>meta</c> file of an object on one disk: the object's version, which shard this disk holds, and for a
/// small object that disk's whole shard stream inline, so the object costs one file and one sync per disk.
/// </summary>
public sealed record ObjectMetadataDocument(int FormatVersion, ObjectVersion Version, int ShardIndex, byte[]? InlineShard)
{
    public const int CurrentFormat = 1;
}
