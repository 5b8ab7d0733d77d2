namespace Buckets.Abstractions;

/// <summary>
/// How one object's bytes are erasure-coded: recorded with the object, so a later change of defaults never misreads it.
/// <paramref name="ShardBlockAlignment"/> is where shard blocks start in a shard stream: on multiples of
/// <see cref="AlignedShardBlocks"/> for objects written since disks write shards with direct I/O, back to back
/// (1) for objects recorded before, whose documents lack the field (0 from an older silo means the same).
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.ObjectLayout")]
public sealed record ObjectLayout(int DataShards, int ParityShards, int BlockSize, int ShardBlockAlignment = 1)
{
    /// <summary>4 KiB: the file offsets and lengths direct I/O (O_DIRECT) needs, on every disk in common use.</summary>
    public const int AlignedShardBlocks = 4096;
}
