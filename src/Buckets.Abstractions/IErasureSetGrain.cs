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

    /// <summary>
    /// Links a copy's data dirs to its source's on every disk of the set in parallel (the two keys must live in this
    /// set, with one layout); returns the mask of disks that linked every data dir, or 0, with the links removed
    /// again, when fewer than a write quorum did.
    /// </summary>
    [Alias("LinkDataDirs")]
    Task<ulong> LinkDataDirs(DataDirLinks links);

    /// <summary>Reads and decodes one block of an object from any K good shards.</summary>
    [Alias("ReadBlock")]
    Task<Immutable<byte[]>> ReadBlock(ObjectVersion version, long blockIndex);
}
