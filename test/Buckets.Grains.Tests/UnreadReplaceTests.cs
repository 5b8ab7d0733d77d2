using Buckets.Abstractions;
using Buckets.Grains.Listing;
using Buckets.Grains.Persistence;
using Buckets.Grains.Tests.Listing;
using Buckets.Storage;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>
/// A small PUT of an unversioned bucket to a key its registry activation has not read learns what it replaced from
/// the disks' answers: the replaced object's data dir still goes, the listing shows the new object, and versions a
/// versioned bucket left behind are never overwritten by it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UnreadReplaceTests(GrainCluster cluster)
{
    private const int Big = (2 * GrainCluster.BlockSize) + ObjectClient.DefaultInlineThreshold + 11;

    private readonly ObjectClient objects = new(cluster.Grains);

    [Fact]
    public async Task A_small_put_over_a_streamed_object_from_a_fresh_activation_removes_the_old_data_dir_and_lists_the_new_object()
    {
        var bucket = await cluster.NewBucketAsync("replace-big");
        var old = await objects.PutAsync(bucket, "k", TestContent.Bytes(Big, seed: 1));
        Assert.All(cluster.Disks, disk => Assert.Equal([old.DataDir.ToString("N")], disk.DataDirectories(bucket, "k")));
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));

        var small = TestContent.Bytes(4096, seed: 2);
        var put = await objects.PutAsync(bucket, "k", small);

        Assert.True(put.Inline);
        Assert.Null(put.VersionId);
        Assert.Equal(small, (await objects.GetAsync(bucket, "k"))?.Content);

        // The replaced data dir outlives the switch by a grace period for readers; a deactivation ends it.
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        Assert.All(cluster.Disks, disk => Assert.Empty(disk.DataDirectories(bucket, "k")));
        Assert.Equal(small, (await objects.GetAsync(bucket, "k"))?.Content);

        var listed = Assert.Single(await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, null, 1000, false)));
        Assert.Equal("k", listed.Name);
        var summary = Assert.Single(listed.Versions);
        Assert.Equal(put.ETag, summary.ETag);
        Assert.Equal(small.Length, summary.Size);
    }

    [Fact]
    public async Task A_small_put_over_a_format_1_document_replaces_it_and_removes_its_data_dir()
    {
        var bucket = await cluster.NewBucketAsync("replace-format1");
        var old = await objects.PutAsync(bucket, "k", TestContent.Bytes(Big, seed: 3));
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        foreach (var disk in cluster.Disks)
        {
            // What a disk written before version lists holds: format 1, no stamp, no older versions.
            var document = GrainJson.Deserialize<ObjectMetadataDocument>((await disk.Disk.ReadObjectMetadataAsync(bucket, "k", TestContext.Current.CancellationToken))!)!;
            var format1 = document with { FormatVersion = 1, Stamp = null, Older = null };
            await disk.Disk.WriteObjectMetadataAsync(bucket, "k", GrainJson.Serialize(format1), Entry(ListingEntries.For(format1)), TestContext.Current.CancellationToken);
        }

        Assert.Equal(old.ETag, (await objects.Registry(bucket, "k").Get(null))?.Version.ETag);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));

        var small = TestContent.Bytes(100, seed: 4);
        await objects.PutAsync(bucket, "k", small);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));

        Assert.All(cluster.Disks, disk => Assert.Empty(disk.DataDirectories(bucket, "k")));
        Assert.Equal(small, (await objects.GetAsync(bucket, "k"))?.Content);
    }

    [Theory]
    [InlineData(BucketVersioning.Unversioned)]
    [InlineData(BucketVersioning.Suspended)]
    public async Task A_small_put_to_a_key_with_versions_keeps_them_also_when_the_caller_still_thought_the_bucket_unversioned(BucketVersioning putWith)
    {
        var bucket = await cluster.NewBucketAsync("replace-versioned");
        var first = await objects.PutAsync(bucket, "k", TestContent.Bytes(Big, seed: 5), versioning: BucketVersioning.Enabled);
        var second = await objects.PutAsync(bucket, "k", TestContent.Bytes(300, seed: 6), versioning: BucketVersioning.Enabled);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));

        var latest = TestContent.Bytes(200, seed: 7);
        var put = await objects.PutAsync(bucket, "k", latest, versioning: putWith);

        for (var pass = 0; pass < 2; pass++)
        {
            Assert.Equal(latest, (await objects.GetAsync(bucket, "k"))?.Content);
            Assert.Equal(TestContent.Bytes(Big, seed: 5), (await objects.GetAsync(bucket, "k", first.VersionId))?.Content);
            Assert.Equal(TestContent.Bytes(300, seed: 6), (await objects.GetAsync(bucket, "k", second.VersionId))?.Content);
            Assert.Equal(put.ETag, (await objects.GetAsync(bucket, "k", ObjectVersion.NullVersionId))?.Version.ETag);
            await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        }

        var listed = Assert.Single(await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, null, 1000, true)));
        Assert.Equal([null, second.VersionId, first.VersionId], listed.Versions.Select(v => v.VersionId));
    }

    [Fact]
    public async Task A_small_put_that_misses_its_quorum_leaves_every_disk_as_it_was()
    {
        var bucket = await cluster.NewBucketAsync("replace-quorum");
        var old = TestContent.Bytes(Big, seed: 8);
        var before = await objects.PutAsync(bucket, "k", old);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        var documents = await Task.WhenAll(cluster.Disks.Select(d => d.Disk.ReadObjectMetadataAsync(bucket, "k").AsTask()));

        using (cluster.RemoveDisks(0, 1))
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => objects.PutAsync(bucket, "k", TestContent.Bytes(10, seed: 9)));
        }

        for (var i = 0; i < cluster.Disks.Count; i++)
        {
            Assert.Equal(documents[i], await cluster.Disks[i].Disk.ReadObjectMetadataAsync(bucket, "k", TestContext.Current.CancellationToken));
            Assert.Equal([before.DataDir.ToString("N")], cluster.Disks[i].DataDirectories(bucket, "k"));
        }

        Assert.Equal(old, (await objects.GetAsync(bucket, "k"))?.Content);
    }

    private static IndexEntry? Entry(ListingEntry? listing) => listing is null ? null : new IndexEntry(listing.Hidden, listing.Summary);
}
