using Orleans.Concurrency;
using Buckets.Abstractions;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>Multipart uploads through the grains: parts persisted with the upload, completion, abort, cleanup of old uploads.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MultipartUploadTests(GrainCluster cluster)
{
    private const int PartSize = 5 * 1024 * 1024;

    private readonly ObjectClient objects = new(cluster.Grains);

    [Fact]
    public async Task An_upload_keeps_its_parts_across_activations_and_completes_into_their_concatenation()
    {
        var bucket = await cluster.NewBucketAsync("mpu");
        var upload = NewUpload();
        await upload.Create(bucket, "k", new Dictionary<string, string> { ["Content-Type"] = "text/x-parts" }, null);
        byte[][] parts = [TestContent.Bytes(PartSize, seed: 1), TestContent.Bytes((2 * GrainCluster.BlockSize) + 3, seed: 2)];
        var stored = new List<UploadedPart>();
        for (var i = 0; i < parts.Length; i++)
        {
            stored.Add(await UploadPartAsync(upload, bucket, "k", i + 1, parts[i]));
        }

        await cluster.DeactivateAsync(upload);
        var state = await upload.Get(bucket, "k");
        Assert.Equal(stored, state.Parts);
        await Assert.ThrowsAsync<NoSuchUploadException>(() => upload.Get(bucket, "another-key"));

        var version = await upload.Complete(bucket, "k", stored.Select(p => new CompletedPart(p.Number, p.ETag)).ToArray(), BucketVersioning.Unversioned);
        Assert.EndsWith("-2", version.ETag, StringComparison.Ordinal);
        Assert.Equal("text/x-parts", version.Headers["Content-Type"]);
        await Assert.ThrowsAsync<NoSuchUploadException>(() => upload.Get(bucket, "k"));

        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        var read = await ReadAsync(bucket, "k");
        Assert.Equal(parts.SelectMany(p => p).ToArray(), read);
    }

    [Fact]
    public async Task A_part_recorded_before_parts_carried_their_layout_reads_back_packed_beside_an_aligned_part()
    {
        var bucket = await cluster.NewBucketAsync("mpulayout");
        var upload = NewUpload();
        await upload.Create(bucket, "k", [], null);
        byte[][] parts = [TestContent.Bytes(PartSize + 7, seed: 4), TestContent.Bytes((2 * GrainCluster.BlockSize) + 5, seed: 5)];

        // Part 1 as a server before the upgrade stored it: shard blocks back to back, and no layout in the upload.
        var legacy = await UploadPartAsync(upload, bucket, "k", 1, parts[0], ticket => ticket with { Layout = ticket.Layout with { ShardBlockAlignment = 1 } });
        Assert.Null(legacy.Layout);
        var aligned = await UploadPartAsync(upload, bucket, "k", 2, parts[1]);
        Assert.Equal(ObjectLayout.AlignedShardBlocks, aligned.Layout!.ShardBlockAlignment);

        var version = await upload.Complete(bucket, "k", [new CompletedPart(1, legacy.ETag), new CompletedPart(2, aligned.ETag)], BucketVersioning.Unversioned);
        Assert.Equal(1, version.Layout.ShardBlockAlignment);
        Assert.Equal(aligned.Layout, version.PartView(version.Parts![1]).Layout);

        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        Assert.Equal(parts.SelectMany(p => p).ToArray(), await ReadAsync(bucket, "k"));
    }

    [Fact]
    public async Task Uploads_older_than_the_cutoff_are_aborted_and_younger_ones_kept()
    {
        var bucket = await cluster.NewBucketAsync("mpuclean");
        var old = NewUpload();
        await old.Create(bucket, "old", [], null);
        await UploadPartAsync(old, bucket, "old", 1, TestContent.Bytes(1000, seed: 3));
        var cutoff = DateTimeOffset.UtcNow.AddMilliseconds(1);
        await Task.Delay(20, TestContext.Current.CancellationToken);
        var young = NewUpload();
        await young.Create(bucket, "young", [], null);

        var listing = cluster.Grains.GetGrain<IObjectListingGrain>(bucket);
        Assert.Equal(2, (await listing.ListUploads()).Length);
        Assert.Equal(1, await listing.AbortUploadsBefore(cutoff));

        await Assert.ThrowsAsync<NoSuchUploadException>(() => old.Get(bucket, "old"));
        Assert.Equal("young", (await young.Get(bucket, "young")).Info.Key);
        Assert.Equal(["young"], (await listing.ListUploads()).Select(u => u.Key));
    }

    [Fact]
    public async Task Dropping_a_part_keeps_shards_the_upload_recorded_or_its_object_reads_and_drops_the_rest()
    {
        // The gateway drops a part when its record call fails, which a timeout can do after the record happened.
        var bucket = await cluster.NewBucketAsync("mpu-drop");
        var upload = NewUpload();
        await upload.Create(bucket, "k", [], null);
        var content = TestContent.Bytes(GrainCluster.BlockSize + 9, seed: 31);
        var recorded = await UploadPartAsync(upload, bucket, "k", 1, content);
        await cluster.DeactivateAsync(upload);

        await upload.DropPart(bucket, "k", recorded.DataDir);
        Assert.All(cluster.Disks, d => Assert.Contains(recorded.DataDir.ToString("N"), d.DataDirectories(bucket, "k")));

        // Shards nothing recorded go.
        var stray = await upload.BeginPart(bucket, "k");
        await cluster.Grains.GetGrain<IErasureSetGrain>(stray.SetIndex)
            .WriteBlock(new BlockWrite(bucket, "k", stray, 0, new Immutable<byte[]>(content), GrainCluster.BlockSize, Last: false));
        Assert.Contains(stray.DataDir.ToString("N"), cluster.Disks[0].DataDirectories(bucket, "k"));
        await upload.DropPart(bucket, "k", stray.DataDir);
        Assert.All(cluster.Disks, d => Assert.DoesNotContain(stray.DataDir.ToString("N"), d.DataDirectories(bucket, "k")));

        // Its record, arriving after the drop (messages are not ordered), is refused rather than naming gone shards.
        await Assert.ThrowsAsync<StorageUnavailableException>(() => upload.CommitPart(
            bucket, "k", new UploadedPart(2, GrainCluster.BlockSize, recorded.ETag, stray.DataDir, DateTimeOffset.UtcNow, stray.Layout), ulong.MaxValue));
        Assert.Equal([recorded], (await upload.Get(bucket, "k")).Parts);

        // Once the upload is complete its object owns the part.
        await upload.Complete(bucket, "k", [new CompletedPart(1, recorded.ETag)], BucketVersioning.Unversioned);
        await upload.DropPart(bucket, "k", recorded.DataDir);
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        Assert.Equal(content, await ReadAsync(bucket, "k"));
    }

    private IMultipartUploadGrain NewUpload() => cluster.Grains.GetGrain<IMultipartUploadGrain>(Guid.CreateVersion7().ToString("N"));

    /// <param name="legacy">Writes the part with the ticket it returns and records it without a layout, as older servers did.</param>
    private async Task<UploadedPart> UploadPartAsync(
        IMultipartUploadGrain upload, string bucket, string key, int number, byte[] content, Func<WriteTicket, WriteTicket>? legacy = null)
    {
        var ticket = await upload.BeginPart(bucket, key);
        ticket = legacy?.Invoke(ticket) ?? ticket;
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

        var part = new UploadedPart(number, content.Length, TestContent.ETag(content), ticket.DataDir, DateTimeOffset.UtcNow, legacy is null ? ticket.Layout : null);
        return await upload.CommitPart(bucket, key, part, mask);
    }

    private async Task<byte[]> ReadAsync(string bucket, string key)
    {
        var version = (await objects.Registry(bucket, key).Get(null))!.Version;
        var set = cluster.Grains.GetGrain<IErasureSetGrain>(version.SetIndex);
        var content = new List<byte>();
        foreach (var part in version.Parts!)
        {
            var view = version.PartView(part);
            for (long block = 0; block * view.Layout.BlockSize < view.Size; block++)
            {
                content.AddRange((await set.ReadBlock(view, block)).Value);
            }
        }

        return content.ToArray();
    }
}
