using System.Buffers;

namespace Buckets.Erasure;

/// <summary>
/// One block at a time, for callers that move shard blocks themselves (the storage grains send each shard block
/// to its disk in a message of its own): encodes a block into K+M checksummed shard blocks, in the same format as
/// <see cref="ErasureEncoder"/> writes, and decodes a block back from any K good ones.
/// </summary>
public sealed class ErasureBlockCodec
{
    private readonly ReedSolomon codec;

    public ErasureBlockCodec(ErasureLayout layout, GaloisKernelKind? kernel = null)
    {
        Layout = layout;
        codec = new ReedSolomon(layout.DataShards, layout.ParityShards, kernel);
    }

    public ErasureLayout Layout { get; }

    /// <summary>Bytes of one shard block (checksum and shard) for a block of <paramref name="blockLength"/> bytes.</summary>
    public int ShardBlockLength(int blockLength) => ErasureLayout.ChecksumSize + Layout.ShardSize(blockLength);

    /// <summary>
    /// Splits <paramref name="block"/> into data shards, computes parity and checksums, and writes shard block i
    /// into the start of <paramref name="shardBlocks"/>[i] (each at least <see cref="ShardBlockLength"/> long). A
    /// buffer that is longer gets the layout's zero padding after the shard block, up to
    /// <see cref="ErasureLayout.PaddedShardBlockLength"/>, so it can be stored whole.
    /// </summary>
    public void EncodeBlock(ReadOnlySpan<byte> block, long blockIndex, ReadOnlySpan<Memory<byte>> shardBlocks)
    {
        CheckBlockLength(block.Length);
        CheckShardBlocks(shardBlocks);
        var shardSize = Layout.ShardSize(block.Length);
        for (var i = 0; i < Layout.DataShards; i++)
        {
            var start = Math.Min(i * shardSize, block.Length);
            block.Slice(start, Math.Min(shardSize, block.Length - start)).CopyTo(shardBlocks[i].Span[ErasureLayout.ChecksumSize..]);
        }

        Encode(block.Length, blockIndex, shardBlocks);
    }

    /// <summary>
    /// As <see cref="EncodeBlock"/> for a block of <paramref name="blockLength"/> bytes that already sits in its data
    /// shard blocks, data shard i holding the block's bytes [i*s, (i+1)*s) after its checksum space (a reader can
    /// receive a block that way and spare the copy): fills in the rest, the parity shard blocks and the checksums.
    /// </summary>
    public void EncodeInPlace(int blockLength, long blockIndex, ReadOnlySpan<Memory<byte>> shardBlocks)
    {
        CheckBlockLength(blockLength);
        CheckShardBlocks(shardBlocks);
        Encode(blockLength, blockIndex, shardBlocks);
    }

    private void Encode(int blockLength, long blockIndex, ReadOnlySpan<Memory<byte>> shardBlocks)
    {
        var shardSize = Layout.ShardSize(blockLength);
        var unpadded = ErasureLayout.ChecksumSize + shardSize;
        var padded = Layout.PaddedShardBlockLength(blockLength);
        var shards = ArrayPool<Memory<byte>>.Shared.Rent(Layout.TotalShards);
        try
        {
            for (var i = 0; i < Layout.TotalShards; i++)
            {
                shards[i] = shardBlocks[i].Slice(ErasureLayout.ChecksumSize, shardSize);
                if (i < Layout.DataShards)
                {
                    // The last data shards of a block that K does not divide end in zeros (or are all zeros).
                    var length = Math.Clamp(blockLength - (i * shardSize), 0, shardSize);
                    shards[i].Span[length..].Clear();
                }

                shardBlocks[i].Span[unpadded..Math.Clamp(shardBlocks[i].Length, unpadded, padded)].Clear();
            }

            codec.Encode(shards.AsSpan(0, Layout.TotalShards));
            for (var i = 0; i < Layout.TotalShards; i++)
            {
                BitrotChecksum.Compute(shards[i].Span, i, blockIndex, shardBlocks[i].Span[..ErasureLayout.ChecksumSize]);
            }
        }
        finally
        {
            ArrayPool<Memory<byte>>.Shared.Return(shards, clearArray: true);
        }
    }

    /// <summary>True when a shard block read back carries the checksum its bytes should have.</summary>
    public bool VerifyShardBlock(ReadOnlySpan<byte> shardBlock, int shardIndex, long blockIndex, int blockLength) =>
        shardBlock.Length == ShardBlockLength(blockLength) &&
        BitrotChecksum.Verify(shardBlock[ErasureLayout.ChecksumSize..], shardIndex, blockIndex, shardBlock[..ErasureLayout.ChecksumSize]);

    /// <summary>
    /// Rebuilds block <paramref name="blockIndex"/> into <paramref name="destination"/> (exactly the block's
    /// length) from shard blocks whose checksums the caller verified; an empty entry is a shard it does not have.
    /// Fewer than K shards is an <see cref="ErasureException"/> naming the block and the missing shards.
    /// </summary>
    public void DecodeBlock(ReadOnlySpan<ReadOnlyMemory<byte>> shardBlocks, long blockIndex, Span<byte> destination)
    {
        CheckBlockLength(destination.Length);
        if (shardBlocks.Length != Layout.TotalShards)
        {
            throw new ArgumentException($"Expected {Layout.TotalShards} shard blocks, got {shardBlocks.Length}.", nameof(shardBlocks));
        }

        var shardSize = Layout.ShardSize(destination.Length);
        var dataPresent = true;
        for (var i = 0; i < Layout.DataShards; i++)
        {
            dataPresent &= !shardBlocks[i].IsEmpty;
        }

        if (dataPresent)
        {
            CopyData(shardBlocks, destination, shardSize);
            return;
        }

        var present = new bool[Layout.TotalShards];
        var scratch = ArrayPool<byte>.Shared.Rent(shardSize * Layout.TotalShards);
        var shards = new Memory<byte>[Layout.TotalShards];
        try
        {
            for (var i = 0; i < Layout.TotalShards; i++)
            {
                present[i] = !shardBlocks[i].IsEmpty;
                shards[i] = scratch.AsMemory(i * shardSize, shardSize);
                if (present[i])
                {
                    shardBlocks[i].Span.Slice(ErasureLayout.ChecksumSize, shardSize).CopyTo(shards[i].Span);
                }
            }

            if (present.Count(p => p) < Layout.DataShards)
            {
                var missing = Enumerable.Range(0, Layout.TotalShards).Where(i => !present[i]).ToArray();
                throw new ErasureException(
                    $"Block {blockIndex} cannot be read: {missing.Length} of {Layout.TotalShards} shards are missing or corrupt " +
                    $"and only {Layout.ParityShards} can be lost; bad shards: {string.Join(", ", missing)}.",
                    blockIndex,
                    missing);
            }

            codec.ReconstructData(shards, present);
            for (var i = 0; i < Layout.DataShards; i++)
            {
                var start = i * shardSize;
                if (start >= destination.Length)
                {
                    break;
                }

                shards[i].Span[..Math.Min(shardSize, destination.Length - start)].CopyTo(destination[start..]);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private void CopyData(ReadOnlySpan<ReadOnlyMemory<byte>> shardBlocks, Span<byte> destination, int shardSize)
    {
        for (var i = 0; i < Layout.DataShards; i++)
        {
            var start = i * shardSize;
            if (start >= destination.Length)
            {
                break;
            }

            var length = Math.Min(shardSize, destination.Length - start);
            shardBlocks[i].Span.Slice(ErasureLayout.ChecksumSize, length).CopyTo(destination[start..]);
        }
    }

    private void CheckShardBlocks(ReadOnlySpan<Memory<byte>> shardBlocks)
    {
        if (shardBlocks.Length != Layout.TotalShards)
        {
            throw new ArgumentException($"Expected {Layout.TotalShards} shard buffers, got {shardBlocks.Length}.", nameof(shardBlocks));
        }
    }

    private void CheckBlockLength(int length)
    {
        if (length < 1 || length > Layout.BlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A block holds 1 to {Layout.BlockSize} bytes.");
        }
    }
}
