using Xunit;

namespace Buckets.Erasure.Tests;

public sealed class ErasureBlockCodecTests
{
    [Theory]
    [InlineData(2, 2, 1000, 2500)]
    [InlineData(4, 2, 4096, 4096 * 3)]
    [InlineData(3, 2, 1000, 1)]
    [InlineData(8, 4, 1 << 20, (1 << 20) + 123)]
    public async Task Shard_blocks_are_byte_identical_to_the_stream_encoder(int k, int m, int blockSize, int size)
    {
        var layout = new ErasureLayout(k, m, blockSize);
        var (data, streams) = await StreamEncodedAsync(layout, size);

        var codec = new ErasureBlockCodec(layout);
        for (long block = 0; block < layout.BlockCount(size); block++)
        {
            var length = layout.BlockLength(size, block);
            var shardBlocks = Enumerable.Range(0, k + m).Select(_ => new Memory<byte>(new byte[codec.ShardBlockLength(length)])).ToArray();
            codec.EncodeBlock(data.AsSpan((int)(block * blockSize), length), block, shardBlocks);
            for (var i = 0; i < k + m; i++)
            {
                var expected = streams[i].ToArray().AsSpan((int)layout.ShardBlockOffset(block), codec.ShardBlockLength(length));
                Bytes.Equal(expected, shardBlocks[i].Span, $"block {block} shard {i}");
                Assert.True(codec.VerifyShardBlock(shardBlocks[i].Span, i, block, length));
            }
        }
    }

    [Theory]
    [InlineData(2, 2, 1 << 16, 4096, (3 << 16) + 5)]
    [InlineData(3, 2, 1000, 512, 2500)]
    [InlineData(4, 2, 4096, 4096, 4096)]
    public async Task Padded_shard_blocks_are_the_stream_encoders_blocks_with_zeros_up_to_the_alignment(int k, int m, int blockSize, int alignment, int size)
    {
        var layout = new ErasureLayout(k, m, blockSize, alignment);
        var (data, streams) = await StreamEncodedAsync(layout, size);

        var codec = new ErasureBlockCodec(layout);
        for (long block = 0; block < layout.BlockCount(size); block++)
        {
            var length = layout.BlockLength(size, block);
            var padded = layout.PaddedShardBlockLength(length);
            Assert.Equal(0, padded % alignment);

            // Pooled buffers come back dirty: the padding must be written, not assumed.
            var shardBlocks = Enumerable.Range(0, k + m).Select(_ => new Memory<byte>(Enumerable.Repeat((byte)0xA5, padded).ToArray())).ToArray();
            codec.EncodeBlock(data.AsSpan((int)(block * blockSize), length), block, shardBlocks);
            for (var i = 0; i < k + m; i++)
            {
                var stream = streams[i].ToArray();
                var unpadded = codec.ShardBlockLength(length);
                var expected = stream.AsSpan((int)layout.ShardBlockOffset(block), unpadded);
                Bytes.Equal(expected, shardBlocks[i].Span[..unpadded], $"block {block} shard {i}");
                Assert.True(shardBlocks[i].Span[unpadded..].IndexOfAnyExcept((byte)0) < 0, $"block {block} shard {i}: padding is not zero");
                Assert.True(codec.VerifyShardBlock(shardBlocks[i].Span[..unpadded], i, block, length));
            }
        }
    }

    [Theory]
    [InlineData(2, 2, 1 << 16, 4096, (3 << 16) + 5)]
    [InlineData(3, 2, 1000, 512, 2504)]
    [InlineData(3, 2, 1000, 1, 2500)]
    [InlineData(4, 2, 4096, 4096, 4096)]
    public async Task A_block_placed_in_its_data_shard_blocks_encodes_in_place_to_the_stream_encoders_blocks(
        int k, int m, int blockSize, int alignment, int size)
    {
        var layout = new ErasureLayout(k, m, blockSize, alignment);
        var (data, streams) = await StreamEncodedAsync(layout, size);

        var codec = new ErasureBlockCodec(layout);
        for (long block = 0; block < layout.BlockCount(size); block++)
        {
            var length = layout.BlockLength(size, block);
            var padded = layout.PaddedShardBlockLength(length);
            var shardSize = layout.ShardSize(length);

            // Only the block's own bytes are placed; checksum space, a short last shard's tail, an empty shard and
            // the padding hold garbage the encoder must overwrite.
            var shardBlocks = Enumerable.Range(0, k + m).Select(_ => new Memory<byte>(Enumerable.Repeat((byte)0xA5, padded).ToArray())).ToArray();
            var bytes = data.AsSpan((int)(block * blockSize), length);
            for (var i = 0; i * shardSize < length; i++)
            {
                bytes[(i * shardSize)..Math.Min(length, (i + 1) * shardSize)].CopyTo(shardBlocks[i].Span[ErasureLayout.ChecksumSize..]);
            }

            codec.EncodeInPlace(length, block, shardBlocks);
            for (var i = 0; i < k + m; i++)
            {
                var unpadded = codec.ShardBlockLength(length);
                Bytes.Equal(streams[i].ToArray().AsSpan((int)layout.ShardBlockOffset(block), unpadded), shardBlocks[i].Span[..unpadded], $"block {block} shard {i}");
                Assert.True(shardBlocks[i].Span[unpadded..].IndexOfAnyExcept((byte)0) < 0, $"block {block} shard {i}: padding is not zero");
            }
        }
    }

    [Fact]
    public void Decodes_a_block_from_any_k_shard_blocks_and_refuses_fewer()
    {
        var layout = new ErasureLayout(4, 2, 4096);
        var codec = new ErasureBlockCodec(layout);
        var data = TestData.DeterministicObject(3001);
        var shardBlocks = Enumerable.Range(0, 6).Select(_ => new Memory<byte>(new byte[codec.ShardBlockLength(3001)])).ToArray();
        codec.EncodeBlock(data, 7, shardBlocks);

        foreach (var lost in TestData.Combinations(6, 2))
        {
            var available = shardBlocks.Select((s, i) => lost.Contains(i) ? ReadOnlyMemory<byte>.Empty : s).ToArray();
            var output = new byte[3001];
            codec.DecodeBlock(available, 7, output);
            Bytes.Equal(data, output, $"losing {string.Join(",", lost)}");
        }

        var tooFew = shardBlocks.Select((s, i) => i < 3 ? ReadOnlyMemory<byte>.Empty : s).ToArray();
        var error = Assert.Throws<ErasureException>(() => codec.DecodeBlock(tooFew, 7, new byte[3001]));
        Assert.Equal(7, error.BlockIndex);
        Assert.Equal([0, 1, 2], error.BadShards);
    }

    [Fact]
    public void A_shard_block_checked_against_another_position_fails()
    {
        var codec = new ErasureBlockCodec(new ErasureLayout(2, 2, 1024));
        var shardBlocks = Enumerable.Range(0, 4).Select(_ => new Memory<byte>(new byte[codec.ShardBlockLength(1024)])).ToArray();
        codec.EncodeBlock(TestData.DeterministicObject(1024), 3, shardBlocks);
        Assert.True(codec.VerifyShardBlock(shardBlocks[1].Span, 1, 3, 1024));
        Assert.False(codec.VerifyShardBlock(shardBlocks[1].Span, 2, 3, 1024));
        Assert.False(codec.VerifyShardBlock(shardBlocks[1].Span, 1, 4, 1024));
        Assert.False(codec.VerifyShardBlock(shardBlocks[1].Span[..^1], 1, 3, 1024));
    }

    /// <summary>An object of <paramref name="size"/> bytes and the shard streams the stream encoder makes of it: the reference.</summary>
    private static async Task<(byte[] Data, MemoryStream[] Streams)> StreamEncodedAsync(ErasureLayout layout, int size)
    {
        var data = TestData.DeterministicObject(size);
        var streams = Enumerable.Range(0, layout.TotalShards).Select(_ => new MemoryStream()).ToArray();
        await new ErasureEncoder(layout).EncodeAsync(new MemoryStream(data), streams, TestContext.Current.CancellationToken);
        return (data, streams);
    }
}
