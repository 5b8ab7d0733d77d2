using Buckets.Abstractions;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>
/// A 2+2 set reads with any two disks gone, and refuses writes it cannot make durable on a write quorum (three
/// disks: K+1 when K == M) without letting the failed write show or harm the object it tried to replace.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DiskLossTests(GrainCluster cluster)
{
    private const int Big = (4 * GrainCluster.BlockSize) + 4321;
    private const int Small = 3000;

    private readonly ObjectClient objects = new(cluster.Grains);

    [Theory]
    [InlineData(0, 3)]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    public async Task Objects_read_back_identically_with_two_disk_directories_deleted(int first, int second)
    {
        var bucket = await cluster.NewBucketAsync("read-degraded");
        var big = TestContent.Bytes(Big, seed: 10 + first);
        var small = TestContent.Bytes(Small, seed: 20 + second);
        await objects.PutAsync(bucket, "big", big);
        await objects.PutAsync(bucket, "small", small);
        await objects.PutAsync(bucket, "never-read", big);

        using (cluster.RemoveDisks(first, second))
        {
            // The registries activated by the writes answer from memory; the blocks come from the two disks left.
            Assert.Equal(big, (await objects.GetAsync(bucket, "big"))?.Content);
            Assert.Equal(small, (await objects.GetAsync(bucket, "small"))?.Content);

            // Fresh activations must find the metadata on the two disks left as well.
            foreach (var key in new[] { "big", "small", "never-read" })
            {
                await cluster.DeactivateAsync(objects.Registry(bucket, key));
            }

            Assert.Equal(big, (await objects.GetAsync(bucket, "never-read"))?.Content);
            Assert.Equal(big, (await objects.GetAsync(bucket, "big"))?.Content);
            var reloaded = await objects.GetAsync(bucket, "small");
            Assert.Equal(small, reloaded?.Content);
            Assert.Equal(TestContent.ETag(small), reloaded?.Version.ETag);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 3)]
    [InlineData(1, 3)]
    public async Task Blocks_sent_already_cut_into_data_shards_read_back_from_any_two_disks(int first, int second)
    {
        // The gateway receives bodies straight into data shard blocks and the erasure set adds parity in place: with
        // the data disks gone every byte comes from that parity. Lengths K does not divide leave a zero-padded shard.
        var cutter = new ObjectClient(cluster.Grains) { InShards = true };
        var bucket = await cluster.NewBucketAsync("in-shards");
        var content = TestContent.Bytes((3 * GrainCluster.BlockSize) + 12_345, seed: 50 + first);
        var odd = TestContent.Bytes(GrainCluster.BlockSize + ObjectClient.DefaultInlineThreshold + 1, seed: 60 + second);
        await cutter.PutAsync(bucket, "big", content);
        await cutter.PutAsync(bucket, "odd", odd);

        using (cluster.RemoveDisks(first, second))
        {
            foreach (var key in new[] { "big", "odd" })
            {
                await cluster.DeactivateAsync(objects.Registry(bucket, key));
            }

            var big = await objects.GetAsync(bucket, "big");
            Assert.Equal(content, big?.Content);
            Assert.Equal(TestContent.ETag(content), big?.Version.ETag);
            Assert.Equal(odd, (await objects.GetAsync(bucket, "odd"))?.Content);
        }
    }

    [Theory]
    [InlineData(0, Big)]
    [InlineData(0, Small)]
    [InlineData(Big, Big)]
    [InlineData(Big, Small)]
    [InlineData(Small, Big)]
    [InlineData(Small, Small)]
    public async Task A_put_with_three_disks_deleted_fails_and_leaves_the_previous_object_as_it_was(int oldSize, int newSize)
    {
        var bucket = await cluster.NewBucketAsync("put-3-gone");
        var old = oldSize == 0 ? null : TestContent.Bytes(oldSize, seed: oldSize);
        var replacement = TestContent.Bytes(newSize, seed: newSize + 1);
        var before = old is null ? null : await objects.PutAsync(bucket, "k", old);

        using (cluster.RemoveDisks(0, 1, 3))
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => objects.PutAsync(bucket, "k", replacement));

            if (before is null)
            {
                // With one disk of four a key that was never written cannot be told from one whose copies are
                // all on the missing disks: "unavailable" is the honest answer, never a made-up "absent".
                await Assert.ThrowsAsync<StorageUnavailableException>(() => objects.Registry(bucket, "k").Get(null));
            }
            else
            {
                var state = await objects.Registry(bucket, "k").Get(null);
                Assert.Equal(Describe(before), Describe(state?.Version));
            }
        }

        // Back with all disks: the old object (or none) is what a reader sees, from memory and from the disks.
        await AssertReadsBack(bucket, "k", old);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        await AssertReadsBack(bucket, "k", old);
        if (before is { Inline: false })
        {
            Assert.All(cluster.Disks, disk => Assert.Equal([before.DataDir.ToString("N")], disk.DataDirectories(bucket, "k")));
        }
        else
        {
            Assert.All(cluster.Disks, disk => Assert.Empty(disk.DataDirectories(bucket, "k")));
        }
    }

    [Theory]
    [InlineData(Big, Big)]
    [InlineData(Big, Small)]
    [InlineData(Small, Big)]
    [InlineData(Small, Small)]
    public async Task A_put_with_two_disks_deleted_misses_the_write_quorum_and_the_old_object_still_reads_from_the_two_left(int oldSize, int newSize)
    {
        var bucket = await cluster.NewBucketAsync("put-2-gone");
        var old = TestContent.Bytes(oldSize, seed: oldSize + 2);
        await objects.PutAsync(bucket, "k", old);

        using (cluster.RemoveDisks(0, 3))
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => objects.PutAsync(bucket, "k", TestContent.Bytes(newSize, seed: 9)));

            await AssertReadsBack(bucket, "k", old);

            // What the two disks left now hold must still describe the old object in full.
            await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
            await AssertReadsBack(bucket, "k", old);
        }
    }

    [Fact]
    public async Task An_object_is_visible_again_once_disks_return_after_its_registry_activated_without_a_read_quorum()
    {
        var bucket = await cluster.NewBucketAsync("cold-registry");
        var old = TestContent.Bytes(Big, seed: 77);
        await objects.PutAsync(bucket, "k", old);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));

        ObjectState? seen = null;
        Exception? refused;
        using (cluster.RemoveDisks(0, 1, 3))
        {
            refused = await Record.ExceptionAsync(async () => seen = await objects.Registry(bucket, "k").Get(null));
        }

        await AssertReadsBack(bucket, "k", old);

        // One disk cannot tell what the object is: a reader may be refused, but must not be told "no such key".
        Assert.True(refused is not null || seen is not null, "With one disk of four readable, the registry answered that the object does not exist.");
    }

    [Fact]
    public async Task A_failed_put_while_the_registry_could_not_read_the_object_does_not_destroy_its_shards()
    {
        var bucket = await cluster.NewBucketAsync("cold-put");
        var old = TestContent.Bytes(Big, seed: 78);
        await objects.PutAsync(bucket, "k", old);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));

        using (cluster.RemoveDisks(0, 1, 3))
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => objects.PutAsync(bucket, "k", TestContent.Bytes(Small, seed: 79)));
        }

        // The write failed, so every disk must still hold its shard of the old object: any two of them can be lost.
        Assert.All(cluster.Disks, disk => Assert.NotEmpty(disk.DataDirectories(bucket, "k")));
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        using (cluster.RemoveDisks(0, 1))
        {
            await AssertReadsBack(bucket, "k", old);
        }
    }

    [Fact]
    public async Task A_delete_with_two_disks_gone_is_either_refused_or_final_once_they_return()
    {
        var bucket = await cluster.NewBucketAsync("delete-2-gone");
        var old = TestContent.Bytes(Big, seed: 80);
        await objects.PutAsync(bucket, "k", old);

        bool? deleted = null;
        Exception? refused;
        using (cluster.RemoveDisks(0, 3))
        {
            refused = await Record.ExceptionAsync(async () => deleted = (await objects.Registry(bucket, "k").Delete(null, BucketVersioning.Unversioned)).Found);
        }

        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        if (deleted == true)
        {
            // Acknowledged: the two disks that missed the delete must not bring the object back.
            Assert.Null(await objects.GetAsync(bucket, "k"));
        }
        else
        {
            Assert.IsType<StorageUnavailableException>(refused);
            await AssertReadsBack(bucket, "k", old);
        }
    }

    private static string? Describe(ObjectVersion? version) =>
        version is null ? null : $"{version.ETag} {version.Size} {version.DataDir} {version.LastModified:O} inline={version.Inline}";

    private async Task AssertReadsBack(string bucket, string key, byte[]? expected)
    {
        var got = await objects.GetAsync(bucket, key);
        if (expected is null)
        {
            Assert.Null(got);
            return;
        }

        Assert.NotNull(got);
        Assert.Equal(expected, got.Content);
        Assert.Equal(TestContent.ETag(expected), got.Version.ETag);
    }
}
