using System.Numerics;

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
/// <para>
/// With a <see cref="ShardBlockAlignment"/> above 1, every shard block starts on a multiple of it, zero bytes
/// filling the gap after the previous one. An alignment of 4096 lets a disk write each shard block with direct
/// I/O (O_DIRECT needs aligned file offsets and lengths), at a cost of less than one alignment unit per block.
/// </para>
/// </summary>
public readonly record struct ErasureLayout
{
    /// <summary>1 MiB: large enough that per-block costs vanish, small enough for one grain message per shard.</summary>
    public const int DefaultBlockSize = 1 << 20;

    /// <summary>Bytes of bitrot checksum in front of every shard block.</summary>
    public const int ChecksumSize = BitrotChecksum.Size;

    /// <summary>Largest <see cref="ShardBlockAlignment"/>: the biggest logical block size of any disk in use.</summary>
    public const int MaxShardBlockAlignment = 64 * 1024;

    public ErasureLayout(int dataShards, int parityShards, int blockSize = DefaultBlockSize, int shardBlockAlignment = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dataShards, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(parityShards);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataShards + parityShards, ReedSolomon.MaxTotalShards, nameof(parityShards));
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardBlockAlignment, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shardBlockAlignment, MaxShardBlockAlignment);
        if (!BitOperations.IsPow2(shardBlockAlignment))
        {
            throw new ArgumentOutOfRangeException(nameof(shardBlockAlignment), shardBlockAlignment, "The shard block alignment must be a power of two.");
        }

        DataShards = dataShards;
        ParityShards = parityShards;
        BlockSize = blockSize;
        ShardBlockAlignment = shardBlockAlignment;
    }

    public int DataShards { get; }

    public int ParityShards { get; }

    public int BlockSize { get; }

    /// <summary>Every shard block starts at a multiple of this many bytes in its stream; 1 packs them back to back.</summary>
    public int ShardBlockAlignment { get; }

    public int TotalShards => DataShards + ParityShards;

    /// <summary>Shard bytes of a full block; every shard block but the last has this size.</summary>
    public int FullShardSize => ShardSize(BlockSize);

    /// <summary>Distance between the starts of consecutive shard blocks in a shard stream.</summary>
    public int ShardBlockStride => PaddedShardBlockLength(BlockSize);

    /// <summary>Zero bytes between the end of a full shard block and the start of the next one.</summary>
    public int ShardBlockPadding => ShardBlockStride - ChecksumSize - FullShardSize;

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

    /// <summary>
    /// A shard block of a block of <paramref name="blockLength"/> bytes with the zero padding that rounds it up to
    /// <see cref="ShardBlockAlignment"/>. Written whole, it keeps the next block's offset where the stream ends and
    /// every write aligned; the padding after the last block is optional (see <see cref="ShardFileSize"/>).
    /// </summary>
    public int PaddedShardBlockLength(int blockLength)
    {
        var unpadded = ChecksumSize + ShardSize(blockLength);
        return (int)(((long)unpadded + ShardBlockAlignment - 1) & ~(long)(ShardBlockAlignment - 1));
    }

    /// <summary>Where shard block <paramref name="blockIndex"/> starts in every shard stream.</summary>
    public long ShardBlockOffset(long blockIndex) => blockIndex * ShardBlockStride;

    /// <summary>
    /// The length of each shard stream of an object of <paramref name="objectSize"/> bytes, up to the end of its last
    /// shard block. A stream whose writer padded the last block too (to write it with direct I/O) is longer by less
    /// than <see cref="ShardBlockAlignment"/>; readers never look past a block's end.
    /// </summary>
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
