using Xunit;

namespace Buckets.Erasure.Tests;

/// <summary>
/// Memory stays bounded whatever the object size: once a stream is under way, encoding or decoding another
/// block allocates nothing. Measured as the allocation difference between a long and a short object, so the
/// fixed per-call cost (stripe bookkeeping, report) cancels out.
/// </summary>
public sealed class SteadyStateAllocationTests
{
    private static readonly ErasureLayout Layout = new(4, 2, 4096);

    [Fact]
    public async Task Encoding_more_blocks_allocates_nothing_more()
    {
        var encoder = new ErasureEncoder(Layout);
        var small = TestData.DeterministicObject(Layout.BlockSize * 16);
        var large = TestData.DeterministicObject(Layout.BlockSize * 512);
        // Warm both sizes: tiered compilation (OSR of the block loop) allocates once, on its own schedule.
        await EncodeAsync(encoder, small);
        await EncodeAsync(encoder, large);

        var smallBytes = await MinimumAsync(() => EncodeAsync(encoder, small));
        var largeBytes = await MinimumAsync(() => EncodeAsync(encoder, large));

        Assert.True(largeBytes - smallBytes < 4 * 1024, $"496 more blocks allocated {largeBytes - smallBytes} more bytes");
    }

    [Fact]
    public async Task Decoding_more_blocks_allocates_nothing_more_even_when_reconstructing()
    {
        var decoder = new ErasureDecoder(Layout);
        var small = await ShardsAsync(Layout.BlockSize * 16);
        var large = await ShardsAsync(Layout.BlockSize * 512);
        await DecodeAsync(decoder, small, Layout.BlockSize * 16);
        await DecodeAsync(decoder, large, Layout.BlockSize * 512);

        var smallBytes = await MinimumAsync(() => DecodeAsync(decoder, small, Layout.BlockSize * 16));
        var largeBytes = await MinimumAsync(() => DecodeAsync(decoder, large, Layout.BlockSize * 512));

        Assert.True(largeBytes - smallBytes < 4 * 1024, $"496 more blocks allocated {largeBytes - smallBytes} more bytes");
    }

    private static async Task<long> MinimumAsync(Func<Task> action)
    {
        var least = long.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            least = Math.Min(least, await MeasureAsync(action));
        }

        return least;
    }

    private static async Task<long> MeasureAsync(Func<Task> action)
    {
        // Streams over memory complete synchronously, so all the work runs on this thread.
        var before = GC.GetAllocatedBytesForCurrentThread();
        await action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static async Task EncodeAsync(ErasureEncoder encoder, byte[] data)
    {
        using var source = new MemoryStream(data, writable: false);
        await encoder.EncodeAsync(source, Enumerable.Repeat(Stream.Null, Layout.TotalShards).ToArray(), TestContext.Current.CancellationToken);
    }

    private static async Task<byte[][]> ShardsAsync(int size)
    {
        var outputs = Enumerable.Range(0, Layout.TotalShards).Select(_ => new MemoryStream()).ToArray();
        await new ErasureEncoder(Layout).EncodeAsync(new MemoryStream(TestData.DeterministicObject(size)), outputs, TestContext.Current.CancellationToken);
        return outputs.Select(o => o.ToArray()).ToArray();
    }

    private static async Task DecodeAsync(ErasureDecoder decoder, byte[][] shards, int size)
    {
        // Data shard 1 missing: every block needs a parity read and a reconstruction.
        var streams = shards.Select((s, i) => i == 1 ? null : (Stream?)new MemoryStream(s, writable: false)).ToArray();
        await decoder.DecodeAsync(streams, size, Stream.Null, cancellationToken: TestContext.Current.CancellationToken);
    }
}
