using System.Buffers;

namespace Buckets.Erasure;

/// <summary>
/// One pooled buffer holding the K+M shard blocks of one block, each laid out as it goes to its stream
/// (checksum, then shard bytes), so a shard block is written or read with one call. Each shard's bytes start
/// on a 64-byte boundary, with its checksum in the 16 bytes just before and, before that, the zero padding that
/// separates a full shard block from the next one in an aligned layout.
/// </summary>
internal sealed unsafe class ShardStripe : IDisposable
{
    private const int VectorAlignment = 64;

    private readonly ErasureLayout layout;
    private readonly int slotHeader;
    private readonly int slotStride;
    private PinnedBuffer? buffer;

    public ShardStripe(ErasureLayout layout)
    {
        this.layout = layout;
        slotHeader = RoundUp(ErasureLayout.ChecksumSize + layout.ShardBlockPadding);
        slotStride = slotHeader + RoundUp(layout.FullShardSize);
        buffer = PinnedBufferPool.Rent(layout.TotalShards * slotStride);
        for (var shard = 0; shard < layout.TotalShards; shard++)
        {
            LeadingPadding(shard).Clear();
        }
    }

    private PinnedBuffer Buffer => buffer ?? throw new ObjectDisposedException(nameof(ShardStripe));

    /// <summary>The shard bytes of <paramref name="shard"/>, without its checksum.</summary>
    public Memory<byte> Data(int shard, int length) => Buffer.Memory(DataOffset(shard), length);

    public Span<byte> Checksum(int shard) =>
        Buffer.Span(DataOffset(shard) - ErasureLayout.ChecksumSize, ErasureLayout.ChecksumSize);

    /// <summary>Checksum plus shard bytes: the shard block as stored.</summary>
    public Memory<byte> ShardBlock(int shard, int shardSize) =>
        Buffer.Memory(DataOffset(shard) - ErasureLayout.ChecksumSize, ErasureLayout.ChecksumSize + shardSize);

    /// <summary>
    /// The zero padding that ends the previous (full) shard block, then this shard block: what a stream written
    /// front to back appends for every block but the first, so no block needs to know whether it is the last.
    /// </summary>
    public Memory<byte> PaddingAndShardBlock(int shard, int shardSize)
    {
        var padding = layout.ShardBlockPadding;
        return Buffer.Memory(DataOffset(shard) - ErasureLayout.ChecksumSize - padding, padding + ErasureLayout.ChecksumSize + shardSize);
    }

    /// <summary>
    /// Arranges <paramref name="blockLength"/> bytes, read at full-block stride, into the block's real shard
    /// size and zero-pads each data shard; returns that shard size.
    /// </summary>
    public int Seal(int blockLength)
    {
        var fullShard = layout.FullShardSize;
        var shardSize = layout.ShardSize(blockLength);
        if (shardSize != fullShard)
        {
            // Only the last block of an object is short: gather it, then lay it out again at its own size.
            var gathered = ArrayPool<byte>.Shared.Rent(blockLength);
            try
            {
                for (var start = 0; start < blockLength; start += fullShard)
                {
                    var length = Math.Min(fullShard, blockLength - start);
                    Data(start / fullShard, length).Span.CopyTo(gathered.AsSpan(start));
                }

                for (var start = 0; start < blockLength; start += shardSize)
                {
                    var length = Math.Min(shardSize, blockLength - start);
                    gathered.AsSpan(start, length).CopyTo(Data(start / shardSize, length).Span);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(gathered);
            }
        }

        for (var shard = 0; shard < layout.DataShards; shard++)
        {
            var filled = Math.Clamp(blockLength - (shard * shardSize), 0, shardSize);
            Data(shard, shardSize).Span[filled..].Clear();
        }

        return shardSize;
    }

    /// <summary>Computes parity and every shard's checksum for block <paramref name="blockIndex"/>.</summary>
    public void Encode(ReedSolomon codec, long blockIndex, int shardSize)
    {
        var shards = stackalloc byte*[layout.TotalShards];
        ShardPointers(shards);
        codec.Encode(shards, shardSize);
        for (var shard = 0; shard < layout.TotalShards; shard++)
        {
            BitrotChecksum.Compute(Data(shard, shardSize).Span, shard, blockIndex, Checksum(shard));
        }
    }

    /// <summary>True when the shard block read into place carries the checksum its bytes should have.</summary>
    public bool Verify(int shard, long blockIndex, int shardSize) =>
        BitrotChecksum.Verify(Data(shard, shardSize).Span, shard, blockIndex, Checksum(shard));

    /// <summary>Rebuilds the <paramref name="wanted"/> shards from the <paramref name="present"/> ones.</summary>
    public void Reconstruct(ReedSolomon codec, ShardSet present, ShardSet wanted, int shardSize)
    {
        var shards = stackalloc byte*[layout.TotalShards];
        ShardPointers(shards);
        codec.Reconstruct(shards, present, wanted, shardSize);
    }

    public void Dispose()
    {
        if (buffer is not null)
        {
            PinnedBufferPool.Return(buffer);
            buffer = null;
        }
    }

    private static int RoundUp(int length) => (length + VectorAlignment - 1) & ~(VectorAlignment - 1);

    private int DataOffset(int shard) => (shard * slotStride) + slotHeader;

    private Span<byte> LeadingPadding(int shard) =>
        Buffer.Span(DataOffset(shard) - ErasureLayout.ChecksumSize - layout.ShardBlockPadding, layout.ShardBlockPadding);

    private void ShardPointers(byte** shards)
    {
        for (var shard = 0; shard < layout.TotalShards; shard++)
        {
            shards[shard] = Buffer.Pointer + DataOffset(shard);
        }
    }
}
