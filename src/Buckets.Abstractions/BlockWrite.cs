namespace Buckets.Abstractions;

/// <summary>
/// One block of an object on its way to the disks: at most one block size (1 MiB) of bytes, immutable so a local
/// call passes the array without copying it. <paramref name="Last"/> makes every disk flush its shard file.
/// </summary>
/// <param name="InShards">
/// Whether <paramref name="Data"/> holds the block already cut into its K data shard blocks, as a reader that knows
/// the layout receives it to spare the encoder a copy: data shard block i (checksum space, then the block's bytes
/// [i*s, (i+1)*s)) starts at <paramref name="DataOffset"/> + i × the layout's padded shard block length for
/// <paramref name="Length"/>, each start aligned as the layout's shard blocks are. Otherwise the block's bytes start
/// at index 0.
/// </param>
[GenerateSerializer, Immutable, Alias("buckets.BlockWrite")]
public sealed record BlockWrite(
    string Bucket,
    string Key,
    WriteTicket Ticket,
    long BlockIndex,
    Immutable<byte[]> Data,
    int Length,
    bool Last,
    bool InShards = false,
    int DataOffset = 0);
