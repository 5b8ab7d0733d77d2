namespace Buckets.Abstractions;

/// <summary>One shard block for one disk: appended at <paramref name="Offset"/> of the shard file of the write's data dir.</summary>
[GenerateSerializer, Immutable, Alias("buckets.ShardWrite")]
public sealed record ShardWrite(
    string Bucket,
    string Key,
    Guid DataDir,
    long Offset,
    Immutable<byte[]> Data,
    int Length,
    bool Flush);
