using Buckets.Abstractions;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>Versioned keys in the registry: versions kept and read back by id, delete markers, the null version.</summary>
[Collection(ClusterCollection.Name)]
public sealed class VersioningTests(GrainCluster cluster)
{
    private const BucketVersioning Enabled = BucketVersioning.Enabled;
    private const BucketVersioning Suspended = BucketVersioning.Suspended;

    private readonly ObjectClient objects = new(cluster.Grains);

    [Fact]
    public async Task Every_version_of_a_versioned_key_reads_back_by_id_also_after_a_reload_from_disk()
    {
        var bucket = await cluster.NewBucketAsync("versions");
        byte[][] contents =
        [
            TestContent.Bytes(1000, seed: 1),
            TestContent.Bytes((3 * GrainCluster.BlockSize) + 7, seed: 2),
            TestContent.Bytes(ObjectClient.DefaultInlineThreshold, seed: 3),
            TestContent.Bytes(10, seed: 4),
        ];
        var written = new List<ObjectVersion>();
        foreach (var content in contents)
        {
            written.Add(await objects.PutAsync(bucket, "k", content, versioning: Enabled));
        }

        Assert.All(written, v => Assert.NotNull(v.VersionId));
        Assert.Equal(written.Count, written.Select(v => v.VersionId).Distinct().Count());

        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < contents.Length; i++)
            {
                var got = await objects.GetAsync(bucket, "k", written[i].VersionId);
                Assert.NotNull(got);
                Assert.Equal(contents[i], got.Content);
                Assert.Equal(written[i].ETag, got.Version.ETag);
            }

            var latest = await objects.GetAsync(bucket, "k");
            Assert.Equal(written[^1].VersionId, latest!.Version.VersionId);
            Assert.True(latest.CameInline);

            await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        }
    }

    [Fact]
    public async Task A_delete_without_a_version_id_hides_the_key_behind_a_marker_that_can_itself_be_removed()
    {
        var bucket = await cluster.NewBucketAsync("marker");
        var content = TestContent.Bytes(500, seed: 9);
        var put = await objects.PutAsync(bucket, "k", content, versioning: Enabled);

        var deleted = await objects.Registry(bucket, "k").Delete(null, Enabled);
        Assert.True(deleted.IsDeleteMarker);
        Assert.NotNull(deleted.VersionId);

        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        var latest = await objects.Registry(bucket, "k").Get(null);
        Assert.True(latest!.Version.IsDeleteMarker);
        Assert.Equal(content, (await objects.GetAsync(bucket, "k", put.VersionId))!.Content);

        var removed = await objects.Registry(bucket, "k").Delete(deleted.VersionId, Enabled);
        Assert.True(removed.Found);
        Assert.True(removed.IsDeleteMarker);
        Assert.Equal(content, (await objects.GetAsync(bucket, "k"))!.Content);
    }

    [Fact]
    public async Task Removing_an_older_version_keeps_the_inline_bytes_of_the_latest_across_a_reload()
    {
        var bucket = await cluster.NewBucketAsync("remove-older");
        var older = await objects.PutAsync(bucket, "k", TestContent.Bytes(700, seed: 1), versioning: Enabled);
        var latest = TestContent.Bytes(900, seed: 2);
        await objects.PutAsync(bucket, "k", latest, versioning: Enabled);

        Assert.True((await objects.Registry(bucket, "k").Delete(older.VersionId, Enabled)).Found);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));

        var got = await objects.GetAsync(bucket, "k");
        Assert.Equal(latest, got!.Content);
        Assert.True(got.CameInline);
    }

    [Fact]
    public async Task Writes_while_suspended_replace_the_null_version_and_keep_the_versioned_ones()
    {
        var bucket = await cluster.NewBucketAsync("suspended");
        var first = await objects.PutAsync(bucket, "k", TestContent.Bytes(100, seed: 1));
        Assert.Null(first.VersionId);
        var versioned = await objects.PutAsync(bucket, "k", TestContent.Bytes(200, seed: 2), versioning: Enabled);
        var second = await objects.PutAsync(bucket, "k", TestContent.Bytes(300, seed: 3), versioning: Suspended);
        var third = await objects.PutAsync(bucket, "k", TestContent.Bytes(400, seed: 4), versioning: Suspended);

        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        Assert.Equal(400, (await objects.GetAsync(bucket, "k", "null"))!.Content.Length);
        Assert.Equal(200, (await objects.GetAsync(bucket, "k", versioned.VersionId))!.Content.Length);
        Assert.Null(second.VersionId);
        Assert.Null(third.VersionId);
        Assert.Equal(TestContent.Bytes(400, seed: 4), (await objects.GetAsync(bucket, "k"))!.Content);
    }

    [Fact]
    public async Task Removing_the_last_version_removes_the_key()
    {
        var bucket = await cluster.NewBucketAsync("lastversion");
        var a = await objects.PutAsync(bucket, "k", TestContent.Bytes(100, seed: 1), versioning: Enabled);
        var b = await objects.PutAsync(bucket, "k", TestContent.Bytes((2 * GrainCluster.BlockSize) + 1, seed: 2), versioning: Enabled);

        Assert.True((await objects.Registry(bucket, "k").Delete(b.VersionId, Enabled)).Found);
        Assert.Equal(TestContent.Bytes(100, seed: 1), (await objects.GetAsync(bucket, "k"))!.Content);
        Assert.True((await objects.Registry(bucket, "k").Delete(a.VersionId, Enabled)).Found);
        Assert.False((await objects.Registry(bucket, "k").Delete(a.VersionId, Enabled)).Found);

        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        Assert.Null(await objects.Registry(bucket, "k").Get(null));
        Assert.Equal(BucketDeleteResult.Deleted, await cluster.Grains.GetGrain<IBucketGrain>(bucket).Delete());
    }

    [Fact]
    public async Task The_bucket_remembers_its_versioning_state_across_activations()
    {
        var bucket = await cluster.NewBucketAsync("state");
        var grain = cluster.Grains.GetGrain<IBucketGrain>(bucket);
        Assert.Equal(BucketVersioning.Unversioned, (await grain.Get())!.Versioning);

        Assert.True(await grain.SetVersioning(Enabled));
        await cluster.DeactivateAsync(grain);
        Assert.Equal(Enabled, (await grain.Get())!.Versioning);

        Assert.True(await grain.SetVersioning(Suspended));
        await cluster.DeactivateAsync(grain);
        Assert.Equal(Suspended, (await grain.Get())!.Versioning);
        Assert.False(await cluster.Grains.GetGrain<IBucketGrain>(bucket + "-none").SetVersioning(Enabled));
    }
}
