namespace Buckets.Abstractions;

/// <summary>Bytes read from a shard file; <paramref name="Length"/> -1 when the file does not exist.</summary>
[GenerateSerializer, Immutable, Alias("buckets.ShardRead")]
public sealed record ShardRead(Immutable<byte[]> Data, int Length);
