namespace Buckets.Abstractions;

/// <summary>
/// Reed-Solomon encode/decode for one erasure set and the fan-out of shard blocks to its disks. A stateless
/// worker: activated on the caller's silo, several per silo, so it never funnels a set's traffic through one place.
/// </summary>
[Alias("buckets.IErasureSetGrain")]
public interface IErasureSetGrain : IGrainWithIntegerKey
{
    /// <summary>Encodes one block and writes its shard blocks to the set's disks in parallel; returns the mask of disks that took it.</summary>
    [Alias("WriteBlock")]
    Task<ulong> WriteBlock(BlockWrite write);

    /// <summary>Reads and decodes one block of an object from any K good shards.</summary>
    [Alias("ReadBlock")]
    Task<Immutable<byte[]>> ReadBlock(ObjectVersion version, long blockIndex);
}
