namespace Buckets.Erasure;

/// <summary>
/// How an object is cut into erasure-coded shard streams, and where each piece of them lies.
/// <para>
/// The object is split into blocks of <see cref="BlockSize"/> bytes (the last may be shorter). A block of
/// L bytes becomes K data shards of <c>ceil(L / K)</c> bytes (shard i holds bytes [i*s, (i+1)*s), the last
/// zero-padded) and M parity shards of the same size. Each shard stream is the sequence of its shard blocks,
/// each one a 16-byte checksum followed by the shard bytes, so shard block b starts at a fixed offset and a
/// range read seeks straight to it.
/// </para>
/// </summary>
public readonly record struct ErasureLayout
{
    /// <summary>1 MiB: large enough that per-block costs vanish, small enough for one grain message per shard.</summary>
    public const int DefaultBlockSize = 1 << 20;

    /// <summary>Bytes of bitrot checksum in front of every shard block.</summary>
    public const int ChecksumSize = BitrotChecksum.Size;

    public ErasureLayout(int dataShards, int parityShards, int blockSize = DefaultBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dataShards, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(parityShards);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataShards + parityShards, ReedSolomon.MaxTotalShards, nameof(parityShards));
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        DataShards = dataShards;
        ParityShards = parityShards;
        BlockSize = blockSize;
    }

    public int DataShards { get; }

    public int ParityShards { get; }

    public int BlockSize { get; }

    public int TotalShards => DataShards + ParityShards;

    /// <summary>Shard bytes of a full block; every shard block but the last has this size.</summary>
    public int FullShardSize => ShardSize(BlockSize);

    /// <summary>Distance between the starts of consecutive shard blocks in a shard stream.</summary>
    public int ShardBlockStride => ChecksumSize + FullShardSize;

    public long BlockCount(long objectSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(objectSize);
        return (objectSize + BlockSize - 1) / BlockSize;
    }

    /// <summary>Object bytes in block <paramref name="blockIndex"/>.</summary>
    public int BlockLength(long objectSize, long blockIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blockIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(blockIndex, BlockCount(objectSize));
        return (int)Math.Min(BlockSize, objectSize - (blockIndex * BlockSize));
    }

    /// <summary>Shard bytes (without checksum) for a block of <paramref name="blockLength"/> object bytes.</summary>
    public int ShardSize(int blockLength) => (blockLength + DataShards - 1) / DataShards;

    /// <summary>Where shard block <paramref name="blockIndex"/> starts in every shard stream.</summary>
    public long ShardBlockOffset(long blockIndex) => blockIndex * ShardBlockStride;

    /// <summary>The length of each shard stream of an object of <paramref name="objectSize"/> bytes.</summary>
    public long ShardFileSize(long objectSize)
    {
        var blocks = BlockCount(objectSize);
        if (blocks == 0)
        {
            return 0;
        }

        var last = BlockLength(objectSize, blocks - 1);
        return ShardBlockOffset(blocks - 1) + ChecksumSize + ShardSize(last);
    }
}
