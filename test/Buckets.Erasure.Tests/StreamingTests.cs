using Xunit;

namespace Buckets.Erasure.Tests;

/// <summary>Objects go through ErasureEncoder into shard streams and come back whole, in ranges, and with losses.</summary>
public sealed class StreamingTests
{
    private const int SmallBlock = 4096;

    [Theory]
    [InlineData(2, 2, SmallBlock)]
    [InlineData(4, 2, SmallBlock)]
    [InlineData(8, 4, SmallBlock)]
    [InlineData(3, 2, SmallBlock)]
    [InlineData(3, 2, 1000)]
    [InlineData(3, 1, 7)]
    [InlineData(4, 2, 3)]
    [InlineData(1, 0, 100)]
    [InlineData(2, 2, SmallBlock, 4096)]
    [InlineData(3, 2, 1000, 64)]
    [InlineData(3, 1, 7, 16)]
    [InlineData(1, 0, SmallBlock, 4096)]
    public async Task Round_trips_objects_of_every_edge_size(int k, int m, int blockSize, int alignment = 1)
    {
        var layout = new ErasureLayout(k, m, blockSize, alignment);
        var decoder = new ErasureDecoder(layout);
        var sizes = new[] { 0, 1, k - 1, k + 1, blockSize - 1, blockSize, blockSize + 1, (3 * blockSize) + 17 }
            .Where(size => size >= 0)
            .Distinct();
        foreach (var size in sizes)
        {
            var data = TestData.RandomBytes(new Random(size + (k * 7)), size);
            var shards = await ShardStreams.EncodeAsync(layout, data);
            Assert.Equal(layout.TotalShards, shards.Length);
            foreach (var shard in shards)
            {
                Assert.Equal(layout.ShardFileSize(size), shard.Length);
            }

            var (output, report) = await ShardStreams.DecodeAsync(decoder, shards, size);
            Bytes.Equal(data, output, $"{k}+{m}, block {blockSize}, size {size}");
            Assert.Equal(layout.BlockCount(size), report.BlocksRead);
            Assert.Equal(0, report.BlocksReconstructed);
            Assert.Empty(report.CorruptShards);
            Assert.Empty(report.MissingShards);
        }
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(4, 2)]
    [InlineData(8, 4)]
    public async Task Decodes_with_any_M_shard_streams_missing(int k, int m)
    {
        var layout = new ErasureLayout(k, m, SmallBlock);
        var decoder = new ErasureDecoder(layout);
        var size = (3 * SmallBlock) + 17;
        var data = TestData.RandomBytes(new Random(k + m), size);
        var shards = await ShardStreams.EncodeAsync(layout, data);
        for (var lost = 1; lost <= m; lost++)
        {
            foreach (var missing in TestData.Combinations(k + m, lost))
            {
                var (output, report) = await ShardStreams.DecodeAsync(decoder, ShardStreams.Without(shards, missing), size);
                var pattern = $"{k}+{m} without [{string.Join(",", missing)}]";
                Bytes.Equal(data, output, pattern);
                Assert.Equal(missing, report.MissingShards);
                Assert.Empty(report.CorruptShards);
                Assert.Equal(layout.BlockCount(size), report.BlocksRead);
                if (missing.Contains(0))
                {
                    Assert.Equal(layout.BlockCount(size), report.BlocksReconstructed);
                }
                else if (missing.All(index => index >= k))
                {
                    Assert.Equal(0, report.BlocksReconstructed);
                }
            }
        }
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(4, 2)]
    [InlineData(8, 4)]
    public async Task Decoding_with_M_plus_1_streams_missing_throws_naming_the_block_and_shards(int k, int m)
    {
        var layout = new ErasureLayout(k, m, SmallBlock);
        var decoder = new ErasureDecoder(layout);
        var size = (3 * SmallBlock) + 17;
        var data = TestData.RandomBytes(new Random(k * m), size);
        var shards = await ShardStreams.EncodeAsync(layout, data);
        foreach (var missing in TestData.Combinations(k + m, m + 1))
        {
            var without = ShardStreams.Without(shards, missing);
            var error = await Assert.ThrowsAsync<ErasureException>(() => ShardStreams.DecodeAsync(decoder, without, size));
            Assert.Equal(0, error.BlockIndex);
            Assert.Equal(missing, error.BadShards);

            // A range that starts in block 2 fails on block 2.
            error = await Assert.ThrowsAsync<ErasureException>(
                () => ShardStreams.DecodeAsync(decoder, without, size, (2 * SmallBlock) + 1, SmallBlock - 1));
            Assert.Equal(2, error.BlockIndex);
            Assert.Equal(missing, error.BadShards);
        }
    }

    [Theory]
    [InlineData(2, 2, SmallBlock)]
    [InlineData(4, 2, SmallBlock)]
    [InlineData(8, 4, SmallBlock)]
    [InlineData(3, 2, 1000)]
    [InlineData(3, 2, 1000, 512)]
    public async Task Range_reads_return_the_matching_slice_of_the_object(int k, int m, int blockSize, int alignment = 1)
    {
        var layout = new ErasureLayout(k, m, blockSize, alignment);
        var decoder = new ErasureDecoder(layout);
        var size = (3 * blockSize) + 17;
        var data = TestData.RandomBytes(new Random(blockSize + k), size);
        var shards = await ShardStreams.EncodeAsync(layout, data);
        foreach (var (offset, length) in Ranges(layout, size, new Random(k)))
        {
            var (output, report) = await ShardStreams.DecodeAsync(decoder, shards, size, offset, length);
            AssertSlice(data, offset, length, output, $"{k}+{m} block {blockSize} range ({offset}, {length})");
            Assert.Equal(BlocksTouched(layout, size, offset, length), report.BlocksRead);
            Assert.Equal(0, report.BlocksReconstructed);
        }
    }

    [Theory]
    [InlineData(2, 2, SmallBlock)]
    [InlineData(4, 2, SmallBlock)]
    [InlineData(8, 4, SmallBlock)]
    [InlineData(3, 2, 1000)]
    [InlineData(4, 2, SmallBlock, 4096)]
    public async Task Range_reads_with_missing_shards_return_the_matching_slice_of_the_object(int k, int m, int blockSize, int alignment = 1)
    {
        var layout = new ErasureLayout(k, m, blockSize, alignment);
        var decoder = new ErasureDecoder(layout);
        var size = (3 * blockSize) + 17;
        var data = TestData.RandomBytes(new Random(blockSize + k + 1), size);
        var shards = await ShardStreams.EncodeAsync(layout, data);
        var random = new Random(k + 100);
        foreach (var (offset, length) in Ranges(layout, size, new Random(k + 1)))
        {
            var missing = TestData.RandomSubset(random, k + m, 1 + random.Next(m));
            var (output, _) = await ShardStreams.DecodeAsync(decoder, ShardStreams.Without(shards, missing), size, offset, length);
            AssertSlice(data, offset, length, output, $"{k}+{m} block {blockSize} range ({offset}, {length}) without [{string.Join(",", missing)}]");
        }
    }

    [Fact]
    public async Task Non_seekable_shard_streams_decode_correctly()
    {
        var layout = new ErasureLayout(4, 2, SmallBlock);
        var decoder = new ErasureDecoder(layout);
        var size = (3 * SmallBlock) + 17;
        var data = TestData.RandomBytes(new Random(99), size);
        var shards = await ShardStreams.EncodeAsync(layout, data);

        foreach (var maxChunk in new[] { int.MaxValue, 100, 1 })
        {
            var (output, report) = await ShardStreams.DecodeAsync(decoder, shards, size, seekable: false, maxChunk: maxChunk);
            Bytes.Equal(data, output, $"non-seekable, {maxChunk}-byte reads");
            Assert.Empty(report.MissingShards);
            Assert.Empty(report.CorruptShards);
            Assert.Equal(0, report.BlocksReconstructed);
        }

        foreach (var missing in TestData.Combinations(6, 1).Concat(TestData.Combinations(6, 2)))
        {
            var (output, report) = await ShardStreams.DecodeAsync(
                decoder, ShardStreams.Without(shards, missing), size, seekable: false, maxChunk: 333);
            Bytes.Equal(data, output, $"non-seekable without [{string.Join(",", missing)}]");
            Assert.Equal(missing, report.MissingShards);
        }

        var random = new Random(98);
        foreach (var (offset, length) in Ranges(layout, size, new Random(97)))
        {
            var missing = random.Next(3) == 0 ? [] : TestData.RandomSubset(random, 6, 1 + random.Next(2));
            var (output, _) = await ShardStreams.DecodeAsync(
                decoder, ShardStreams.Without(shards, missing), size, offset, length, seekable: false);
            AssertSlice(data, offset, length, output, $"non-seekable range ({offset}, {length}) without [{string.Join(",", missing)}]");
        }
    }

    [Fact]
    public async Task Five_MiB_object_round_trips_through_1_MiB_blocks()
    {
        var layout = new ErasureLayout(4, 2);
        Assert.Equal(ErasureLayout.DefaultBlockSize, layout.BlockSize);
        var decoder = new ErasureDecoder(layout);
        var size = (5 << 20) + 333;
        var data = TestData.RandomBytes(new Random(5), size);
        var shards = await ShardStreams.EncodeAsync(layout, data);
        Assert.All(shards, shard => Assert.Equal(layout.ShardFileSize(size), shard.Length));

        var (output, report) = await ShardStreams.DecodeAsync(decoder, shards, size);
        Bytes.Equal(data, output, "whole object");
        Assert.Equal(6, report.BlocksRead);

        (output, report) = await ShardStreams.DecodeAsync(decoder, ShardStreams.Without(shards, [0, 3]), size);
        Bytes.Equal(data, output, "whole object without shards 0 and 3");
        Assert.Equal(6, report.BlocksReconstructed);

        long offset = (1 << 20) - 100;
        (output, _) = await ShardStreams.DecodeAsync(decoder, ShardStreams.Without(shards, [1, 4]), size, offset, 200);
        AssertSlice(data, offset, 200, output, "range across the first block boundary without shards 1 and 4");

        offset = (5L << 20) + 1;
        (output, _) = await ShardStreams.DecodeAsync(decoder, ShardStreams.Without(shards, [2, 5]), size, offset, -1);
        AssertSlice(data, offset, -1, output, "the last partial block without shards 2 and 5");
    }

    [Fact]
    public async Task One_decoder_serves_concurrent_reads()
    {
        var layout = new ErasureLayout(4, 2, SmallBlock);
        var decoder = new ErasureDecoder(layout);
        var size = (5 * SmallBlock) + 99;
        var data = TestData.RandomBytes(new Random(45), size);
        var shards = await ShardStreams.EncodeAsync(layout, data);
        var reads = TestData.Combinations(6, 2).Select(missing => Task.Run(
            async () =>
            {
                var (output, _) = await ShardStreams.DecodeAsync(decoder, ShardStreams.Without(shards, missing), size);
                return (missing, output);
            },
            TestContext.Current.CancellationToken));
        foreach (var (missing, output) in await Task.WhenAll(reads))
        {
            Bytes.Equal(data, output, $"concurrent read without [{string.Join(",", missing)}]");
        }
    }

    [Fact]
    public async Task A_shard_stream_that_throws_IOException_is_treated_as_missing()
    {
        var layout = new ErasureLayout(4, 2, SmallBlock);
        var size = (2 * SmallBlock) + 5;
        var data = TestData.RandomBytes(new Random(46), size);
        var shards = await ShardStreams.EncodeAsync(layout, data);
        var streams = shards.Select(s => (Stream?)new MemoryStream(s, writable: false)).ToArray();
        streams[1] = new ScriptedStream(shards[1]) { Failure = new IOException("disk gone") };
        streams[4] = new ScriptedStream(shards[4]) { Failure = new IOException("disk gone") };

        var destination = new MemoryStream();
        var report = await new ErasureDecoder(layout).DecodeAsync(
            streams, size, destination, cancellationToken: TestContext.Current.CancellationToken);
        Bytes.Equal(data, destination.ToArray(), "decode with two throwing shard streams");
        Assert.Equal([1, 4], report.MissingShards);
        Assert.Empty(report.CorruptShards);
    }

    [Fact]
    public async Task Decoding_fails_only_after_every_shard_read_it_started_has_finished()
    {
        // Shard 0's read fails at once (here: cancelled) while shard 1's is still under way on a slow disk. The
        // decoder must not give up its pooled stripe, and return to the caller, while that read can still write
        // into it: the buffer would go to the next decode, and the late bytes land in someone else's block.
        var layout = new ErasureLayout(4, 2, SmallBlock);
        var size = 2 * SmallBlock;
        var data = TestData.RandomBytes(new Random(47), size);
        var shards = await ShardStreams.EncodeAsync(layout, data);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new ScriptedStream(shards[1]) { Gate = gate.Task };
        var streams = shards.Select(s => (Stream?)new MemoryStream(s, writable: false)).ToArray();
        streams[0] = new ScriptedStream(shards[0]) { Failure = new OperationCanceledException("cancelled") };
        streams[1] = slow;

        var decode = new ErasureDecoder(layout).DecodeAsync(
            streams, size, new MemoryStream(), cancellationToken: TestContext.Current.CancellationToken);
        await slow.ReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await Task.WhenAny(decode, Task.Delay(200, TestContext.Current.CancellationToken));
        var finishedEarly = decode.IsCompleted;
        var readsStillRunning = slow.ReadsInFlight;
        gate.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decode);
        Assert.False(
            finishedEarly,
            $"DecodeAsync completed while {readsStillRunning} shard read(s) it had started were still running into its stripe buffer");
    }

    [Fact]
    public async Task Encoding_a_trickling_non_seekable_source_gives_the_same_shard_streams()
    {
        var layout = new ErasureLayout(3, 2, 1000);
        var data = TestData.RandomBytes(new Random(3), (3 * 1000) + 17);
        var expected = await ShardStreams.EncodeAsync(layout, data);

        var streams = Enumerable.Range(0, 5).Select(_ => new MemoryStream()).ToArray();
        var size = await new ErasureEncoder(layout).EncodeAsync(
            new NonSeekableStream(new MemoryStream(data), maxChunk: 7), streams, TestContext.Current.CancellationToken);
        Assert.Equal(data.Length, size);
        for (var i = 0; i < 5; i++)
        {
            Bytes.Equal(expected[i], streams[i].ToArray(), $"shard stream {i}");
        }
    }

    [Fact]
    public async Task Every_kernel_writes_the_same_shard_streams()
    {
        var layout = new ErasureLayout(8, 4, SmallBlock);
        var data = TestData.RandomBytes(new Random(8), (2 * SmallBlock) + 1234);
        var expected = await ShardStreams.EncodeAsync(layout, data, GaloisKernelKind.Scalar);
        foreach (var kind in GaloisKernels.All.Where(GaloisKernels.IsSupported))
        {
            var shards = await ShardStreams.EncodeAsync(layout, data, kind);
            for (var i = 0; i < shards.Length; i++)
            {
                Bytes.Equal(expected[i], shards[i], $"{kind}: shard stream {i}");
            }

            var (output, _) = await ShardStreams.DecodeAsync(new ErasureDecoder(layout, kind), ShardStreams.Without(shards, [0, 1, 2, 3]), data.Length);
            Bytes.Equal(data, output, $"{kind}: decode without four data shards");
        }
    }

    [Fact]
    public void Layout_arithmetic_matches_the_documented_format()
    {
        var layout = new ErasureLayout(4, 2, 4096);
        Assert.Equal(6, layout.TotalShards);
        Assert.Equal(16, ErasureLayout.ChecksumSize);
        Assert.Equal(0, layout.BlockCount(0));
        Assert.Equal(1, layout.BlockCount(1));
        Assert.Equal(1, layout.BlockCount(4096));
        Assert.Equal(2, layout.BlockCount(4097));
        Assert.Equal(4096, layout.BlockLength(4097, 0));
        Assert.Equal(1, layout.BlockLength(4097, 1));
        Assert.Equal(1024, layout.ShardSize(4096));
        Assert.Equal(1, layout.ShardSize(1));
        Assert.Equal(2, layout.ShardSize(5));
        Assert.Equal(0, layout.ShardBlockOffset(0));
        Assert.Equal(2 * (16 + 1024), layout.ShardBlockOffset(2));
        Assert.Equal(0, layout.ShardFileSize(0));
        Assert.Equal(16 + 1, layout.ShardFileSize(1));
        Assert.Equal(16 + 1024, layout.ShardFileSize(4096));
        Assert.Equal(16 + 1024 + 16 + 1, layout.ShardFileSize(4097));

        var odd = new ErasureLayout(3, 2, 1000);
        Assert.Equal(334, odd.ShardSize(1000));
        Assert.Equal((2 * (16 + 334)) + 16 + 6, odd.ShardFileSize(2017));
    }

    [Fact]
    public void An_aligned_layout_starts_every_shard_block_on_its_alignment()
    {
        var layout = new ErasureLayout(2, 2, 1 << 20, 4096);
        Assert.Equal(4096, layout.ShardBlockAlignment);
        Assert.Equal(512 * 1024, layout.FullShardSize);
        Assert.Equal((512 + 4) * 1024, layout.ShardBlockStride);
        Assert.Equal(4096 - 16, layout.ShardBlockPadding);
        Assert.Equal(2 * 516 * 1024, layout.ShardBlockOffset(2));
        Assert.Equal(516 * 1024, layout.PaddedShardBlockLength(1 << 20));
        Assert.Equal(4096, layout.PaddedShardBlockLength(1));
        Assert.Equal(4096, layout.PaddedShardBlockLength((4096 - 16) * 2));
        Assert.Equal(8192, layout.PaddedShardBlockLength(((4096 - 16) * 2) + 1));
        Assert.Equal(16 + 1, layout.ShardFileSize(1));
        Assert.Equal((516 * 1024) + 16 + 1, layout.ShardFileSize((1 << 20) + 2));

        // Alignment 1 is the packed format: no padding anywhere.
        var packed = new ErasureLayout(2, 2, 1 << 20);
        Assert.Equal(1, packed.ShardBlockAlignment);
        Assert.Equal(16 + (512 * 1024), packed.ShardBlockStride);
        Assert.Equal(0, packed.ShardBlockPadding);
        Assert.Equal(16 + 1, packed.PaddedShardBlockLength(1));

        // A full shard block that already ends on the alignment gets no padding.
        var exact = new ErasureLayout(1, 1, 4096 - 16, 4096);
        Assert.Equal(4096, exact.ShardBlockStride);
        Assert.Equal(0, exact.ShardBlockPadding);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4095)]
    [InlineData(128 * 1024)]
    public void A_shard_block_alignment_that_is_not_a_power_of_two_up_to_64_KiB_is_refused(int alignment) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErasureLayout(2, 2, 4096, alignment));

    [Theory]
    [InlineData(2, 2, 4096, 4096)]
    [InlineData(3, 2, 1000, 512)]
    public async Task Streams_of_an_aligned_layout_hold_zeros_between_blocks_and_end_with_the_last_block(int k, int m, int blockSize, int alignment)
    {
        var layout = new ErasureLayout(k, m, blockSize, alignment);
        foreach (var size in new[] { blockSize, 3 * blockSize, (3 * blockSize) + 17 })
        {
            var shards = await ShardStreams.EncodeAsync(layout, TestData.RandomBytes(new Random(size), size));
            foreach (var shard in shards)
            {
                Assert.Equal(layout.ShardFileSize(size), shard.Length);
                for (long block = 0; block < layout.BlockCount(size) - 1; block++)
                {
                    Assert.Equal(0, layout.ShardBlockOffset(block + 1) % alignment);
                    var gap = shard.AsSpan((int)layout.ShardBlockOffset(block) + 16 + layout.FullShardSize, layout.ShardBlockPadding);
                    Assert.True(gap.IndexOfAnyExcept((byte)0) < 0, $"size {size}: padding after block {block} is not zero");
                }
            }
        }
    }

    [Theory]
    [InlineData(0, 1, 4096)]
    [InlineData(1, -1, 4096)]
    [InlineData(200, 57, 4096)]
    [InlineData(4, 2, 0)]
    [InlineData(4, 2, -1)]
    public void Layout_rejects_impossible_shapes(int k, int m, int blockSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErasureLayout(k, m, blockSize));

    [Fact]
    public async Task Decoder_and_encoder_reject_bad_arguments()
    {
        var layout = new ErasureLayout(4, 2, SmallBlock);
        var decoder = new ErasureDecoder(layout);
        var data = TestData.RandomBytes(new Random(1), 5000);
        var shards = await ShardStreams.EncodeAsync(layout, data);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => ShardStreams.DecodeAsync(decoder, shards[..5], 5000));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => ShardStreams.DecodeAsync(decoder, shards, 5000, offset: 5001));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => ShardStreams.DecodeAsync(decoder, shards, 5000, offset: 10, length: 4991));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => ShardStreams.DecodeAsync(decoder, shards, 5000, offset: -1));

        var tooFew = Enumerable.Range(0, 5).Select(_ => (Stream)new MemoryStream()).ToArray();
        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => new ErasureEncoder(layout).EncodeAsync(new MemoryStream(data), tooFew, TestContext.Current.CancellationToken));
    }

    /// <summary>Edge ranges (block and shard boundaries, the last byte, empty ranges, to-the-end) plus random ones.</summary>
    private static IEnumerable<(long Offset, long Length)> Ranges(ErasureLayout layout, long size, Random random)
    {
        long block = layout.BlockSize;
        long shard = layout.FullShardSize;
        var candidates = new List<(long, long)>
        {
            (0, 0), (0, 1), (0, -1), (0, size), (size - 1, 1), (size - 1, -1), (size, 0), (size, -1),
            (block - 1, 1), (block - 1, 2), (block, block), (block - 1, block + 2), (1, 3 * block), (1, size - 2),
            (3 * block, size - (3 * block)), ((3 * block) + 5, -1), ((3 * block) + 16, 1),
            (shard - 1, 2), (shard, shard), (shard + 1, shard - 2), (block + shard - 3, 7), (block / 2, 0),
            ((2 * block) + 1, -1), ((2 * block) - 1, 1), (2 * block, block), (block + (2 * shard), shard + 1),
            (0, block + 1), (size / 2, size / 4),
        };

        for (var i = 0; i < 40; i++)
        {
            var offset = random.NextInt64(size + 1);
            candidates.Add((offset, random.NextInt64(size - offset + 1)));
        }

        for (var i = 0; i < 20; i++)
        {
            // Short ranges near a random block boundary.
            var boundary = block * random.NextInt64(1, layout.BlockCount(size));
            var offset = Math.Max(0, boundary - random.Next(1, 40));
            candidates.Add((offset, Math.Min(size - offset, random.Next(0, 80))));
        }

        return candidates.Where(r => r.Item1 >= 0 && r.Item1 <= size && (r.Item2 == -1 || (r.Item2 >= 0 && r.Item1 + r.Item2 <= size)));
    }

    private static long BlocksTouched(ErasureLayout layout, long size, long offset, long length)
    {
        var end = length == -1 ? size : offset + length;
        return end == offset ? 0 : ((end - 1) / layout.BlockSize) - (offset / layout.BlockSize) + 1;
    }

    private static void AssertSlice(byte[] data, long offset, long length, byte[] output, string context)
    {
        var end = length == -1 ? data.Length : offset + length;
        Bytes.Equal(data.AsSpan((int)offset, (int)(end - offset)), output, context);
    }
}
