using Xunit;

namespace Buckets.Erasure.Tests;

/// <summary>
/// Every shard block carries a checksum: a flipped, truncated or misplaced shard is found and routed around,
/// and when too many are bad the decoder says which block and shards instead of returning wrong bytes.
/// </summary>
public sealed class BitrotTests
{
    [Theory]
    [InlineData(2, 2, 64)]
    [InlineData(4, 2, 1024)]
    public async Task Every_single_byte_flip_in_a_data_shard_stream_is_detected_and_repaired(int k, int m, int blockSize)
    {
        var (layout, data, shards) = await ThreeBlockObjectAsync(k, m, blockSize);
        var decoder = new ErasureDecoder(layout);
        var flips = 0;
        for (var shard = 0; shard < k; shard++)
        {
            var bytes = shards[shard];
            for (var position = 0; position < bytes.Length; position++)
            {
                var saved = bytes[position];
                bytes[position] ^= (byte)(1 << (position % 8));
                var (output, report) = await ShardStreams.DecodeAsync(decoder, shards, data.Length);
                bytes[position] = saved;

                var context = $"{k}+{m}: flip in shard {shard} at stream byte {position}";
                Bytes.Equal(data, output, context);
                Assert.True(report.CorruptShards.SequenceEqual([shard]), $"{context}: CorruptShards is [{string.Join(",", report.CorruptShards)}]");
                Assert.Empty(report.MissingShards);
                Assert.Equal(1, report.BlocksReconstructed);
                flips++;
            }
        }

        Assert.Equal(k * layout.ShardFileSize(data.Length), flips);
    }

    [Theory]
    [InlineData(2, 2, 64)]
    [InlineData(4, 2, 1024)]
    public async Task Every_single_byte_flip_in_a_parity_shard_stream_is_harmless_and_caught_when_that_parity_is_read(
        int k, int m, int blockSize)
    {
        // A healthy read touches only data shards, so parity is checked only when it is needed. Losing data shard
        // 0 and the parity shards before p makes the decoder need p; that is possible for every parity shard but
        // the last, which is read only when M shards are already gone (and then one more bad shard is fatal).
        var (layout, data, shards) = await ThreeBlockObjectAsync(k, m, blockSize);
        var decoder = new ErasureDecoder(layout);
        for (var shard = k; shard < k + m; shard++)
        {
            var bytes = shards[shard];
            int[] lost = [0, .. Enumerable.Range(k, shard - k)];
            var canForceRead = lost.Length < m;
            for (var position = 0; position < bytes.Length; position++)
            {
                var saved = bytes[position];
                bytes[position] ^= (byte)(1 << (position % 8));
                var context = $"{k}+{m}: flip in parity shard {shard} at stream byte {position}";

                var (output, report) = await ShardStreams.DecodeAsync(decoder, shards, data.Length);
                Bytes.Equal(data, output, context);
                Assert.All(report.CorruptShards, index => Assert.Equal(shard, index));
                Assert.Empty(report.MissingShards);

                if (canForceRead)
                {
                    (output, report) = await ShardStreams.DecodeAsync(decoder, ShardStreams.Without(shards, lost), data.Length);
                    Bytes.Equal(data, output, $"{context}, without [{string.Join(",", lost)}]");
                    Assert.True(report.CorruptShards.SequenceEqual([shard]), $"{context}: CorruptShards is [{string.Join(",", report.CorruptShards)}]");
                    Assert.Equal(lost, report.MissingShards);
                }

                bytes[position] = saved;
            }
        }
    }

    [Theory]
    [InlineData(2, 2, 64)]
    [InlineData(4, 2, 1024)]
    public async Task Corrupting_M_plus_1_shards_of_one_block_throws_naming_that_block_and_shards(int k, int m, int blockSize)
    {
        var (layout, data, original) = await ThreeBlockObjectAsync(k, m, blockSize);
        var decoder = new ErasureDecoder(layout);
        var flipAt = (int)layout.ShardBlockOffset(1) + ErasureLayout.ChecksumSize + 3;
        foreach (var bad in TestData.Combinations(k + m, m + 1))
        {
            var shards = TestData.Clone(original);
            foreach (var shard in bad)
            {
                shards[shard][flipAt] ^= 0x10;
            }

            var error = await Assert.ThrowsAsync<ErasureException>(() => ShardStreams.DecodeAsync(decoder, shards, data.Length));
            Assert.Equal(1, error.BlockIndex);
            Assert.Equal(bad, error.BadShards);

            // The same, with all but one of the bad shards missing instead of corrupt.
            var withMissing = ShardStreams.Without(shards, bad[1..]);
            error = await Assert.ThrowsAsync<ErasureException>(() => ShardStreams.DecodeAsync(decoder, withMissing, data.Length));
            Assert.Equal(1, error.BlockIndex);
            Assert.Equal(bad, error.BadShards);
        }

        // M corrupt shards in one block are still within what the code repairs.
        foreach (var bad in TestData.Combinations(k + m, m))
        {
            var shards = TestData.Clone(original);
            foreach (var shard in bad)
            {
                shards[shard][flipAt] ^= 0x10;
            }

            var (output, report) = await ShardStreams.DecodeAsync(decoder, shards, data.Length);
            Bytes.Equal(data, output, $"{k}+{m} with block 1 of [{string.Join(",", bad)}] corrupt");
            Assert.All(report.CorruptShards, index => Assert.Contains(index, bad));
            Assert.All(bad.Where(index => index < k), index => Assert.Contains(index, report.CorruptShards));
        }
    }

    [Theory]
    [InlineData(2, 2, 64)]
    [InlineData(4, 2, 1024)]
    public async Task Truncated_shard_stream_is_treated_as_missing_not_as_wrong_data(int k, int m, int blockSize)
    {
        var (layout, data, original) = await ThreeBlockObjectAsync(k, m, blockSize);
        var decoder = new ErasureDecoder(layout);
        var fileSize = (int)layout.ShardFileSize(data.Length);
        for (var shard = 0; shard < k + m; shard++)
        {
            for (var length = 0; length < fileSize; length++)
            {
                var shards = TestData.Clone(original);
                shards[shard] = original[shard][..length];
                var context = $"{k}+{m}: shard {shard} truncated to {length} of {fileSize} bytes";

                var (output, report) = await ShardStreams.DecodeAsync(decoder, shards, data.Length);
                Bytes.Equal(data, output, context);
                Assert.Empty(report.CorruptShards);
                if (shard < k)
                {
                    Assert.Equal([shard], report.MissingShards);
                }
                else
                {
                    Assert.All(report.MissingShards, index => Assert.Equal(shard, index));
                }

                if (shard == k)
                {
                    // Without data shard 0 every block needs the first parity shard, so its truncation must show.
                    (output, report) = await ShardStreams.DecodeAsync(decoder, ShardStreams.Without(shards, [0]), data.Length);
                    Bytes.Equal(data, output, $"{context}, without shard 0");
                    Assert.Empty(report.CorruptShards);
                    Assert.Equal([0, k], report.MissingShards);
                }
            }
        }
    }

    [Theory]
    [InlineData(2, 2, 64)]
    [InlineData(4, 2, 1024)]
    public async Task Truncating_M_plus_1_shard_streams_inside_a_block_throws_naming_that_block(int k, int m, int blockSize)
    {
        var (layout, data, original) = await ThreeBlockObjectAsync(k, m, blockSize);
        var decoder = new ErasureDecoder(layout);
        var cut = (int)layout.ShardBlockOffset(2) + 5;
        foreach (var bad in TestData.Combinations(k + m, m + 1))
        {
            var shards = TestData.Clone(original);
            foreach (var shard in bad)
            {
                shards[shard] = shards[shard][..cut];
            }

            var error = await Assert.ThrowsAsync<ErasureException>(() => ShardStreams.DecodeAsync(decoder, shards, data.Length));
            Assert.Equal(2, error.BlockIndex);
            Assert.Equal(bad, error.BadShards);
        }
    }

    [Fact]
    public async Task Shard_blocks_in_the_wrong_place_fail_their_checksum()
    {
        var layout = new ErasureLayout(2, 2, 64);
        var data = TestData.RandomBytes(new Random(64), 3 * 64);
        var original = await ShardStreams.EncodeAsync(layout, data);
        var decoder = new ErasureDecoder(layout);

        // Another shard's stream: intact bytes, wrong shard index in the seed.
        var swapped = TestData.Clone(original);
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        var (output, report) = await ShardStreams.DecodeAsync(decoder, swapped, data.Length);
        Bytes.Equal(data, output, "shard streams 0 and 1 swapped");
        Assert.Equal([0, 1], report.CorruptShards);
        Assert.Equal(3, report.BlocksReconstructed);

        // Another block of the same stream: intact bytes, wrong block index in the seed.
        var moved = TestData.Clone(original);
        var stride = layout.ShardBlockStride;
        original[0].AsSpan(0, stride).CopyTo(moved[0].AsSpan(stride));
        original[0].AsSpan(stride, stride).CopyTo(moved[0].AsSpan(0));
        (output, report) = await ShardStreams.DecodeAsync(decoder, moved, data.Length);
        Bytes.Equal(data, output, "blocks 0 and 1 of shard stream 0 swapped");
        Assert.Equal([0], report.CorruptShards);
        Assert.Equal(2, report.BlocksReconstructed);
    }

    /// <summary>An object of two full blocks and a partial third, encoded.</summary>
    private static async Task<(ErasureLayout Layout, byte[] Data, byte[][] Shards)> ThreeBlockObjectAsync(int k, int m, int blockSize)
    {
        var layout = new ErasureLayout(k, m, blockSize);
        var data = TestData.RandomBytes(new Random(blockSize + k), (2 * blockSize) + 37);
        Assert.Equal(3, layout.BlockCount(data.Length));
        return (layout, data, await ShardStreams.EncodeAsync(layout, data));
    }
}
