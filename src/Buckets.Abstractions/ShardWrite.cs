namespace Buckets.Abstractions;

/// <summary>
/// One shard block for one disk: <paramref name="Length"/> bytes of <paramref name="Data"/> from
/// <paramref name="DataStart"/>, appended at <paramref name="Offset"/> of the shard file of the write's data dir.
/// A sender on the disk's own silo passes an array whose slice starts on an aligned address (the call hands over the
/// array itself, and the disk writes it with direct I/O as it is); to another silo it sends an array of exactly the
/// block, because the whole array is serialized. Last, so a message of an older sender reads as starting at 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.ShardWrite")]
public sealed record ShardWrite(
    string Bucket,
    string Key,
    Guid DataDir,
    long Offset,
    Immutable<byte[]> Data,
    int Length,
    bool Flush,
    int DataStart = 0);
