using Buckets.Gateway.Objects;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class ObjectReadStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Reads_of_any_size_return_the_pieces_in_order(int readSize)
    {
        byte[][] pieces = [[1, 2, 3], [], [4], [5, 6, 7, 8, 9, 10]];
        await using var stream = new ObjectReadStream(Enumerate(pieces, new Probe()), 10);
        var buffer = new byte[readSize];
        var read = new List<byte>();
        int count;
        while ((count = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            read.AddRange(buffer.AsSpan(0, count).ToArray());
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (byte)i), read);
        Assert.Equal(10, stream.Position);
        Assert.Equal(0, await stream.ReadAsync(buffer, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Disposing_early_ends_the_enumeration_so_its_blocks_are_returned()
    {
        var probe = new Probe();
        var stream = new ObjectReadStream(Enumerate([[1, 2], [3, 4]], probe), 4);
        await stream.ReadExactlyAsync(new byte[1], TestContext.Current.CancellationToken);

        await stream.DisposeAsync();

        Assert.True(probe.Finished);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await stream.ReadExactlyAsync(new byte[1], TestContext.Current.CancellationToken));
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Enumerate(byte[][] pieces, Probe probe)
    {
        try
        {
            foreach (var piece in pieces)
            {
                await Task.Yield();
                yield return piece;
            }
        }
        finally
        {
            probe.Finished = true;
        }
    }

    private sealed class Probe
    {
        public bool Finished { get; set; }
    }
}
