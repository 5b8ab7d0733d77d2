using Orleans.Concurrency;
using Buckets.Abstractions;
using Buckets.Storage;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>
/// A copy inside one erasure set shares its source's shard files by hard links: the copy and its source then live
/// and die independently, a disk that lacks the source's shards lacks the copy's, and too few such disks mean no copy.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LinkedCopyTests(GrainCluster cluster)
{
    private const int Big = (5 * GrainCluster.BlockSize) + 777;
    private const int PartSize = 5 * 1024 * 1024;

    private readonly ObjectClient objects = new(cluster.Grains);

    [Fact]
    public async Task A_copy_shares_the_sources_inodes_and_reads_back_after_the_source_is_deleted()
    {
        var bucket = await cluster.NewBucketAsync("link-delete");
        var content = TestContent.Bytes(Big, seed: 1);
        var source = await objects.PutAsync(bucket, "source", content);

        var copy = await objects.CopyByLinksAsync(bucket, "source", bucket, "copy");

        Assert.NotNull(copy);
        Assert.NotEqual(source.DataDir, copy.DataDir);
        Assert.Equal(source.ETag, copy.ETag);
        foreach (var disk in cluster.Disks)
        {
            var original = FileIdentity.Of(ShardFile(disk, bucket, "source", source.DataDir));
            var linked = FileIdentity.Of(ShardFile(disk, bucket, "copy", copy.DataDir));
            Assert.Equal(original.Inode, linked.Inode);
            Assert.Equal(2, linked.Links);
        }

        await objects.Registry(bucket, "source").Delete(null, BucketVersioning.Unversioned);
        await cluster.DeactivateAsync(objects.Registry(bucket, "source"));
        await cluster.DeactivateAsync(objects.Registry(bucket, "copy"));

        Assert.All(cluster.Disks, d => Assert.False(Directory.Exists(d.ObjectDirectory(bucket, "source"))));
        Assert.All(cluster.Disks, d => Assert.Equal(1, FileIdentity.Of(ShardFile(d, bucket, "copy", copy.DataDir)).Links));
        Assert.Null(await objects.GetAsync(bucket, "source"));
        Assert.Equal(content, (await objects.GetAsync(bucket, "copy"))?.Content);
    }

    [Fact]
    public async Task Overwriting_the_source_or_deleting_the_copy_leaves_the_other_as_it_was()
    {
        var bucket = await cluster.NewBucketAsync("link-overwrite");
        var content = TestContent.Bytes(Big, seed: 2);
        var source = await objects.PutAsync(bucket, "source", content);
        var copy = await objects.CopyByLinksAsync(bucket, "source", bucket, "copy");
        Assert.NotNull(copy);
        var second = await objects.CopyByLinksAsync(bucket, "source", bucket, "second");
        Assert.NotNull(second);

        // The replaced version's shards go when its registry deactivates (instead of after the grace period).
        var replacement = TestContent.Bytes(Big, seed: 3);
        await objects.PutAsync(bucket, "source", replacement);
        await cluster.DeactivateAsync(objects.Registry(bucket, "source"));
        Assert.All(cluster.Disks, d => Assert.DoesNotContain(source.DataDir.ToString("N"), d.DataDirectories(bucket, "source")));
        Assert.Equal(content, (await objects.GetAsync(bucket, "copy"))?.Content);
        Assert.Equal(replacement, (await objects.GetAsync(bucket, "source"))?.Content);

        await objects.Registry(bucket, "copy").Delete(null, BucketVersioning.Unversioned);
        await cluster.DeactivateAsync(objects.Registry(bucket, "copy"));
        Assert.All(cluster.Disks, d => Assert.False(Directory.Exists(d.ObjectDirectory(bucket, "copy"))));
        Assert.All(cluster.Disks, d => Assert.Equal(1, FileIdentity.Of(ShardFile(d, bucket, "second", second.DataDir)).Links));
        await cluster.DeactivateAsync(objects.Registry(bucket, "second"));
        Assert.Equal(content, (await objects.GetAsync(bucket, "second"))?.Content);
    }

    [Fact]
    public async Task A_disk_missing_the_source_shard_lacks_the_copys_and_the_copy_reads_back_from_the_others()
    {
        var bucket = await cluster.NewBucketAsync("link-missing");
        var content = TestContent.Bytes(Big, seed: 4);
        var source = await objects.PutAsync(bucket, "source", content);
        var damaged = cluster.Disks[1];
        Directory.Delete(Path.Combine(damaged.ObjectDirectory(bucket, "source"), source.DataDir.ToString("N")), recursive: true);

        var copy = await objects.CopyByLinksAsync(bucket, "source", bucket, "copy");

        Assert.NotNull(copy);
        Assert.Empty(damaged.DataDirectories(bucket, "copy"));
        Assert.All(cluster.Disks.Where(d => d != damaged), d => Assert.Equal([copy.DataDir.ToString("N")], d.DataDirectories(bucket, "copy")));
        await cluster.DeactivateAsync(objects.Registry(bucket, "copy"));
        Assert.Equal(content, (await objects.GetAsync(bucket, "copy"))?.Content);
    }

    [Fact]
    public async Task With_two_disks_missing_the_source_shard_no_copy_is_made_and_no_link_is_left()
    {
        var bucket = await cluster.NewBucketAsync("link-noquorum");
        var content = TestContent.Bytes(Big, seed: 5);
        var source = await objects.PutAsync(bucket, "source", content);
        foreach (var disk in new[] { cluster.Disks[0], cluster.Disks[3] })
        {
            Directory.Delete(Path.Combine(disk.ObjectDirectory(bucket, "source"), source.DataDir.ToString("N")), recursive: true);
        }

        Assert.Null(await objects.CopyByLinksAsync(bucket, "source", bucket, "copy"));

        Assert.All(cluster.Disks, d => Assert.Empty(d.DataDirectories(bucket, "copy")));
        Assert.Null(await objects.GetAsync(bucket, "copy"));
        Assert.Equal(content, (await objects.GetAsync(bucket, "source"))?.Content);
    }

    [Fact]
    public async Task A_copy_of_a_multipart_object_links_every_part_and_keeps_their_layout()
    {
        var bucket = await cluster.NewBucketAsync("link-multipart");
        var upload = cluster.Grains.GetGrain<IMultipartUploadGrain>(Guid.CreateVersion7().ToString("N"));
        await upload.Create(bucket, "source", [], null);
        byte[][] parts = [TestContent.Bytes(PartSize, seed: 6), TestContent.Bytes((2 * GrainCluster.BlockSize) + 5, seed: 7)];
        var uploaded = new List<CompletedPart>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = await UploadPartAsync(upload, bucket, "source", i + 1, parts[i]);
            uploaded.Add(new CompletedPart(part.Number, part.ETag));
        }

        var source = await upload.Complete(bucket, "source", [.. uploaded], BucketVersioning.Unversioned);

        var copy = await objects.CopyByLinksAsync(bucket, "source", bucket, "copy");

        Assert.NotNull(copy?.Parts);
        Assert.True(copy.PartsLinked);
        Assert.Equal(source.Parts!.Select(p => (p.Number, p.Size)), copy.Parts.Select(p => (p.Number, p.Size)));
        foreach (var disk in cluster.Disks)
        {
            foreach (var (from, to) in source.Parts!.Zip(copy.Parts))
            {
                Assert.Equal(FileIdentity.Of(ShardFile(disk, bucket, "source", from.DataDir)).Inode, FileIdentity.Of(ShardFile(disk, bucket, "copy", to.DataDir)).Inode);
            }
        }

        await objects.Registry(bucket, "source").Delete(null, BucketVersioning.Unversioned);
        await cluster.DeactivateAsync(objects.Registry(bucket, "source"));
        await cluster.DeactivateAsync(objects.Registry(bucket, "copy"));
        var read = await objects.GetAsync(bucket, "copy");
        Assert.True(read?.Version.PartsLinked);
        Assert.Equal(parts.SelectMany(p => p).ToArray(), read?.Content);
    }

    [Fact]
    public async Task A_copy_onto_another_version_of_a_versioned_key_links_and_keeps_both()
    {
        var bucket = await cluster.NewBucketAsync("link-versioned");
        var first = TestContent.Bytes(Big, seed: 8);
        var old = await objects.PutAsync(bucket, "k", first, versioning: BucketVersioning.Enabled);
        await objects.PutAsync(bucket, "k", TestContent.Bytes(Big, seed: 9), versioning: BucketVersioning.Enabled);

        // Restoring an old version: copy it onto its own key as the new latest.
        var restored = await objects.CopyByLinksAsync(bucket, "k", bucket, "k", sourceVersionId: old.VersionId, versioning: BucketVersioning.Enabled);

        Assert.NotNull(restored);
        Assert.NotEqual(old.VersionId, restored.VersionId);
        Assert.NotEqual(old.DataDir, restored.DataDir);
        await objects.Registry(bucket, "k").Delete(old.VersionId, BucketVersioning.Enabled);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        Assert.Equal(first, (await objects.GetAsync(bucket, "k"))?.Content);
        Assert.Equal(restored.VersionId, (await objects.GetAsync(bucket, "k"))?.Version.VersionId);
    }

    [Fact]
    public async Task An_inline_source_is_not_linked()
    {
        var bucket = await cluster.NewBucketAsync("link-inline");
        await objects.PutAsync(bucket, "source", TestContent.Bytes(1000, seed: 10));

        Assert.Null(await objects.CopyByLinksAsync(bucket, "source", bucket, "copy"));
    }

    private static string ShardFile(TestDisk disk, string bucket, string key, Guid dataDir) =>
        Path.Combine(disk.Root, StoragePaths.DataDirectory(bucket, key, dataDir), StoragePaths.ShardFile);

    private async Task<UploadedPart> UploadPartAsync(IMultipartUploadGrain upload, string bucket, string key, int number, byte[] content)
    {
        var ticket = await upload.BeginPart(bucket, key);
        var set = cluster.Grains.GetGrain<IErasureSetGrain>(ticket.SetIndex);
        var blockSize = ticket.Layout.BlockSize;
        var blocks = (content.Length + blockSize - 1) / blockSize;
        var mask = ulong.MaxValue;
        for (var block = 0; block < blocks; block++)
        {
            var length = Math.Min(blockSize, content.Length - (block * blockSize));
            var data = content.AsSpan(block * blockSize, length).ToArray();
            mask &= await set.WriteBlock(new BlockWrite(bucket, key, ticket, block, new Immutable<byte[]>(data), length, block == blocks - 1));
        }

        return await upload.CommitPart(bucket, key, new UploadedPart(number, content.Length, TestContent.ETag(content), ticket.DataDir, DateTimeOffset.UtcNow, ticket.Layout), mask);
    }
}
