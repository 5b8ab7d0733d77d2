using Buckets.Abstractions;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>Tag sets in the registry: a metadata switch that changes nothing else, kept on disk, and undone when it misses its quorum.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TaggingTests(GrainCluster cluster)
{
    private const int Big = (4 * GrainCluster.BlockSize) + 4321;
    private const int Small = 3000;

    private readonly ObjectClient objects = new(cluster.Grains);

    [Theory]
    [InlineData(Small)]
    [InlineData(Big)]
    public async Task A_tag_change_keeps_the_bytes_etag_and_last_modified_and_reads_back_after_a_reload(int size)
    {
        var bucket = await cluster.NewBucketAsync("tags");
        var content = TestContent.Bytes(size, seed: size);
        var written = await objects.PutAsync(bucket, "k", content);
        ObjectTag[] tags = [new("a", "1"), new("b", "")];

        var tagged = await objects.Registry(bucket, "k").SetTags(null, tags);

        Assert.Equal(tags, tagged!.Tags);
        for (var pass = 0; pass < 2; pass++)
        {
            var got = await objects.GetAsync(bucket, "k");
            Assert.Equal(content, got!.Content);
            Assert.Equal(written.ETag, got.Version.ETag);
            Assert.Equal(written.LastModified, got.Version.LastModified);
            Assert.Equal(written.DataDir, got.Version.DataDir);
            Assert.Equal(tags, got.Version.Tags);
            await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        }

        await objects.Registry(bucket, "k").SetTags(null, []);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        var untagged = await objects.GetAsync(bucket, "k");
        Assert.Null(untagged!.Version.Tags);
        Assert.Equal(content, untagged.Content);
    }

    [Fact]
    public async Task An_older_version_is_tagged_by_id_and_the_latest_keeps_its_inline_bytes()
    {
        var bucket = await cluster.NewBucketAsync("tagold");
        var old = TestContent.Bytes(Big, seed: 1);
        var latest = TestContent.Bytes(Small, seed: 2);
        var v1 = await objects.PutAsync(bucket, "k", old, versioning: BucketVersioning.Enabled);
        var v2 = await objects.PutAsync(bucket, "k", latest, versioning: BucketVersioning.Enabled);

        await objects.Registry(bucket, "k").SetTags(v1.VersionId, [new("old", "yes")]);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));

        var first = await objects.GetAsync(bucket, "k", v1.VersionId);
        Assert.Equal(old, first!.Content);
        Assert.Equal([new ObjectTag("old", "yes")], first.Version.Tags ?? []);
        var current = await objects.GetAsync(bucket, "k");
        Assert.Equal(v2.VersionId, current!.Version.VersionId);
        Assert.True(current.CameInline);
        Assert.Equal(latest, current.Content);
        Assert.Null(current.Version.Tags);
        Assert.Null(await objects.Registry(bucket, "k").SetTags("0123456789abcdef0123456789abcdef", [new("x", "y")]));
    }

    [Theory]
    [InlineData(Small)]
    [InlineData(Big)]
    public async Task A_tag_change_that_misses_the_write_quorum_leaves_the_object_and_its_tags_as_they_were(int size)
    {
        var bucket = await cluster.NewBucketAsync("tag-2-gone");
        var content = TestContent.Bytes(size, seed: size + 5);
        await objects.PutAsync(bucket, "k", content);
        await objects.Registry(bucket, "k").SetTags(null, [new("before", "1")]);

        using (cluster.RemoveDisks(0, 3))
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => objects.Registry(bucket, "k").SetTags(null, [new("after", "2")]));

            // The two disks left must still hold the object's bytes and its old tags.
            await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
            var got = await objects.GetAsync(bucket, "k");
            Assert.Equal(content, got!.Content);
            Assert.Equal([new ObjectTag("before", "1")], got.Version.Tags ?? []);
        }
    }
}
