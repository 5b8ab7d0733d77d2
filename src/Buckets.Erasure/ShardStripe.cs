using System.Buffers;

namespace Buckets.Erasure;

/// <summary>
/// One pooled buffer holding the K+M shard blocks of one block, each laid out as it goes to its stream
/// (checksum, then shard bytes) at a fixed stride, so a shard block is written or read with one call.
/// </summary>
internal sealed unsafe class ShardStripe : IDisposable
{
    private readonly ErasureLayout layout;
    private byte[]? buffer;

    public ShardStripe(ErasureLayout layout)
    {
        this.layout = layout;
        buffer = ArrayPool<byte>.Shared.Rent(layout.TotalShards * layout.ShardBlockStride);
    }

    private byte[] Buffer => buffer ?? throw new ObjectDisposedException(nameof(ShardStripe));

    /// <summary>The shard bytes of <paramref name="shard"/>, without its checksum.</summary>
    public Memory<byte> Data(int shard, int length) =>
        Buffer.AsMemory((shard * layout.ShardBlockStride) + ErasureLayout.ChecksumSize, length);

    public Span<byte> Checksum(int shard) =>
        Buffer.AsSpan(shard * layout.ShardBlockStride, ErasureLayout.ChecksumSize);

    /// <summary>Checksum plus shard bytes: the shard block as stored.</summary>
    public Memory<byte> ShardBlock(int shard, int shardSize) =>
        Buffer.AsMemory(shard * layout.ShardBlockStride, ErasureLayout.ChecksumSize + shardSize);

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
            // Only the last block of an object is short: gather it and lay it out again at its own stride.
            var gathered = ArrayPool<byte>.Shared.Rent(blockLength);
            try
            {
                for (var offset = 0; offset < blockLength; offset += fullShard)
                {
                    var length = Math.Min(fullShard, blockLength - offset);
                    Data(offset / fullShard, length).Span.CopyTo(gathered.AsSpan(offset));
                }

                for (var shard = 0; shard < layout.DataShards; shard++)
                {
                    var start = Math.Min(shard * shardSize, blockLength);
                    var length = Math.Min(shardSize, blockLength - start);
                    gathered.AsSpan(start, length).CopyTo(Data(shard, shardSize).Span);
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
        fixed (byte* stripe = Buffer)
        {
            var shards = stackalloc byte*[layout.TotalShards];
            for (var shard = 0; shard < layout.TotalShards; shard++)
            {
                shards[shard] = stripe + (shard * layout.ShardBlockStride) + ErasureLayout.ChecksumSize;
            }

            codec.Encode(shards, shardSize);
        }

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
        fixed (byte* stripe = Buffer)
        {
            var shards = stackalloc byte*[layout.TotalShards];
            for (var shard = 0; shard < layout.TotalShards; shard++)
            {
                shards[shard] = stripe + (shard * layout.ShardBlockStride) + ErasureLayout.ChecksumSize;
            }

            codec.Reconstruct(shards, present, wanted, shardSize);
        }
    }

    public void Dispose()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }
}
