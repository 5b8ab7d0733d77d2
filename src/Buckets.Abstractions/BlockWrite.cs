namespace Buckets.Abstractions;

/// <summary>
/// One block of an object on its way to the disks: at most one block size (1 MiB) of bytes, immutable so a local
/// call passes the array without copying it. <paramref name="Last"/> makes every disk flush its shard file.
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.BlockWrite")]
public sealed record BlockWrite(
    string Bucket,
    string Key,
    WriteTicket Ticket,
    long BlockIndex,
    Immutable<byte[]> Data,
    int Length,
    bool Last);
