using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>Writers racing on one key are serialized by its registry: the key ends holding one writer's object, whole.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConcurrentPutTests(GrainCluster cluster)
{
    private const int Writers = 8;

    private readonly ObjectClient objects = new(cluster.Grains);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_puts_to_one_key_end_in_exactly_one_whole_object(bool mixInlineObjects)
    {
        var bucket = await cluster.NewBucketAsync("race");

        // Distinct sizes as well as bytes: a mix of two writers' blocks or metadata cannot pass for either one.
        var contents = Enumerable.Range(0, Writers)
            .Select(i => TestContent.Bytes(
                mixInlineObjects && i % 2 == 1 ? 1000 + i : (3 * GrainCluster.BlockSize) + ObjectClient.DefaultInlineThreshold + (i * 1111),
                seed: 100 + i))
            .ToArray();

        using var start = new SemaphoreSlim(0);
        var writers = contents
            .Select(content => Task.Run(async () =>
            {
                await start.WaitAsync(TestContext.Current.CancellationToken);
                return await objects.PutAsync(bucket, "contended", content);
            }))
            .ToArray();
        start.Release(Writers);
        var puts = await Task.WhenAll(writers).WaitAsync(TestContext.Current.CancellationToken);

        var got = await objects.GetAsync(bucket, "contended");
        Assert.NotNull(got);
        var winner = Assert.Single(contents, c => c.AsSpan().SequenceEqual(got.Content));
        Assert.Equal(TestContent.ETag(winner), got.Version.ETag);
        Assert.Equal(winner.Length, got.Version.Size);
        Assert.Contains(puts, p => p.ETag == got.Version.ETag && p.DataDir == got.Version.DataDir);

        // The disks agree with the registry's memory, and the replaced writes' shards are gone once it lets go.
        await cluster.DeactivateAsync(objects.Registry(bucket, "contended"));
        var reloaded = await objects.GetAsync(bucket, "contended");
        Assert.Equal(winner, reloaded?.Content);
        Assert.Equal(got.Version.ETag, reloaded?.Version.ETag);
        string[] expectedDataDirs = got.Version.Inline ? [] : [got.Version.DataDir.ToString("N")];
        Assert.All(cluster.Disks, disk => Assert.Equal(expectedDataDirs, disk.DataDirectories(bucket, "contended")));
    }
}
