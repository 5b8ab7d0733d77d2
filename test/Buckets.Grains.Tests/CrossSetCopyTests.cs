using Buckets.Grains.Topology;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>Hard links cannot cross erasure sets (other disks, other machines): such a copy is left to the streamed path.</summary>
[Collection(TwoSetCollection.Name)]
public sealed class CrossSetCopyTests(TwoSetCluster cluster)
{
    private readonly ObjectClient objects = new(cluster.Grains);
    private readonly TopologyView ring = new(cluster.Topology);

    [Fact]
    public async Task A_copy_to_a_key_of_another_set_is_not_linked_and_leaves_nothing_behind()
    {
        var bucket = await cluster.NewBucketAsync("link-crossset");
        var keys = Enumerable.Range(0, 64).Select(i => $"key-{i}").ToArray();
        var source = keys[0];
        var elsewhere = keys.First(k => ring.Locate(bucket, k).Index != ring.Locate(bucket, source).Index);
        var sameSet = keys.Skip(1).First(k => ring.Locate(bucket, k).Index == ring.Locate(bucket, source).Index);
        var content = TestContent.Bytes((3 * ClusterFixture.BlockSize) + 11, seed: 1);
        await objects.PutAsync(bucket, source, content);

        Assert.Null(await objects.CopyByLinksAsync(bucket, source, bucket, elsewhere));
        Assert.All(cluster.Disks, d => Assert.Empty(d.DataDirectories(bucket, elsewhere)));

        // The same source links to a key of its own set.
        Assert.NotNull(await objects.CopyByLinksAsync(bucket, source, bucket, sameSet));
        Assert.Equal(content, (await objects.GetAsync(bucket, sameSet))?.Content);
    }
}
