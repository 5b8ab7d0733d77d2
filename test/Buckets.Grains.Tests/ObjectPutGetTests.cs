using System.Text.Json.Nodes;
using Buckets.Abstractions;
using Buckets.Erasure;
using Buckets.Storage;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>PUT and GET as the gateway drives the grains: streamed block by block, or inline for small objects.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ObjectPutGetTests(GrainCluster cluster)
{
    private readonly ObjectClient objects = new(cluster.Grains);

    [Theory]
    [InlineData(ObjectClient.DefaultInlineThreshold + 1)]
    [InlineData(3 * GrainCluster.BlockSize)]
    [InlineData((5 * GrainCluster.BlockSize) + 1234)]
    public async Task A_streamed_object_of_many_blocks_reads_back_byte_for_byte(int size)
    {
        var bucket = await cluster.NewBucketAsync("stream");
        var content = TestContent.Bytes(size, seed: size);
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-test", ["x-amz-meta-color"] = "blue" };

        var put = await objects.PutAsync(bucket, "dir/object.bin", content, headers);
        var got = await objects.GetAsync(bucket, "dir/object.bin");

        Assert.NotNull(got);
        Assert.False(got.CameInline);
        Assert.Equal(content, got.Content);
        Assert.False(put.Inline);
        Assert.Equal(size, got.Version.Size);
        Assert.Equal(TestContent.ETag(content), got.Version.ETag);
        Assert.Equal(new ObjectLayout(GrainCluster.DataShards, GrainCluster.ParityShards, GrainCluster.BlockSize, ObjectLayout.AlignedShardBlocks), got.Version.Layout);
        Assert.Equal(put.DataDir, got.Version.DataDir);
        Assert.NotEqual(Guid.Empty, got.Version.DataDir);
        Assert.Equal(headers, got.Version.Headers);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_abort_of_a_write_whose_commit_went_through_keeps_its_data(bool freshActivation)
    {
        // The gateway aborts when its commit call fails, which a timeout can do after the commit happened.
        var bucket = await cluster.NewBucketAsync("abort-late");
        var content = TestContent.Bytes((2 * GrainCluster.BlockSize) + 5, seed: 21);
        var put = await objects.PutAsync(bucket, "k", content);
        var registry = objects.Registry(bucket, "k");
        if (freshActivation)
        {
            await cluster.DeactivateAsync(registry);
        }

        await registry.Abort(new WriteTicket(put.SetIndex, put.RingGeneration, put.Layout, put.DataDir));

        Assert.All(cluster.Disks, disk => Assert.Equal([put.DataDir.ToString("N")], disk.DataDirectories(bucket, "k")));
        await cluster.DeactivateAsync(registry);
        Assert.Equal(content, (await objects.GetAsync(bucket, "k"))?.Content);

        // A ticket that nothing committed is still dropped.
        var unused = await registry.BeginWrite();
        await cluster.Grains.GetGrain<IErasureSetGrain>(unused.SetIndex)
            .WriteBlock(new BlockWrite(bucket, "k", unused, 0, new Orleans.Concurrency.Immutable<byte[]>(content), GrainCluster.BlockSize, Last: false));
        Assert.Equal(2, cluster.Disks[0].DataDirectories(bucket, "k").Count);
        await registry.Abort(unused);
        Assert.All(cluster.Disks, disk => Assert.Equal([put.DataDir.ToString("N")], disk.DataDirectories(bucket, "k")));

        // Its commit, arriving after the abort (messages are not ordered), is refused rather than naming gone shards.
        var late = put with { DataDir = unused.DataDir, ETag = TestContent.ETag(content) };
        await Assert.ThrowsAsync<StorageUnavailableException>(() => registry.Commit(late, ulong.MaxValue, createOnly: false, BucketVersioning.Unversioned));
        Assert.Equal(put.DataDir, (await registry.Get(null))!.Version.DataDir);
    }

    [Fact]
    public async Task A_streamed_object_leaves_one_shard_stream_and_one_metadata_file_on_every_disk_of_its_set()
    {
        var bucket = await cluster.NewBucketAsync("layout");
        var content = TestContent.Bytes((4 * GrainCluster.BlockSize) + 77, seed: 4);

        var put = await objects.PutAsync(bucket, "k", content);

        foreach (var disk in cluster.Disks)
        {
            Assert.Equal([put.DataDir.ToString("N")], disk.DataDirectories(bucket, "k"));
            Assert.True(File.Exists(Path.Combine(disk.ObjectDirectory(bucket, "k"), StoragePaths.MetadataFile)), $"no meta on {disk}");
            var stream = new FileInfo(Path.Combine(disk.Root, StoragePaths.ShardStreamFile(bucket, "k", put.DataDir)));
            Assert.True(stream.Exists, $"no shard stream on {disk}");

            // Every shard block, the last one too, is written padded to 4 KiB (so disks can write it with O_DIRECT).
            var stride = ((16 + (GrainCluster.BlockSize / GrainCluster.DataShards) + 4095) / 4096) * 4096;
            Assert.Equal((4 * stride) + 4096, stream.Length);
        }
    }

    [Fact]
    public async Task Shard_blocks_for_disks_of_the_encoding_silo_are_written_directly_without_a_staging_copy()
    {
        var disks = cluster.SetDisks(0);
        Assert.SkipUnless(disks.All(d => d.Disk.DirectShardWrites), "The filesystem of the temp directory refuses O_DIRECT.");
        var bucket = await cluster.NewBucketAsync("aligned");
        const int blocks = 6;
        var content = TestContent.Bytes((blocks * GrainCluster.BlockSize) - 100, seed: 6);
        var direct = disks.Sum(d => d.Disk.DirectWrites);
        var staged = disks.Sum(d => d.Disk.StagedDirectWrites);

        await objects.PutAsync(bucket, "k", content);
        direct = disks.Sum(d => d.Disk.DirectWrites) - direct;
        staged = disks.Sum(d => d.Disk.StagedDirectWrites) - staged;

        // Every shard block of every block went to its disk directly. A block is encoded on one silo, which serves
        // one or two of the set's four disks: those write from the encoded buffer, the others (a serialized copy
        // arrived from another silo) through a staging copy.
        Assert.Equal(blocks * disks.Count, direct);
        Assert.InRange(direct - staged, blocks, 2 * blocks);
        Assert.Equal(content, (await objects.GetAsync(bucket, "k"))?.Content);
    }

    [Fact]
    public async Task An_object_stored_before_shard_blocks_were_aligned_still_reads_back()
    {
        var bucket = await cluster.NewBucketAsync("packed");
        var content = TestContent.Bytes((3 * GrainCluster.BlockSize) + 321, seed: 5);
        var put = await objects.PutAsync(bucket, "k", content);

        // Rewrite every disk as an earlier version left it: shard blocks back to back, and metadata whose layout
        // has no alignment field.
        var aligned = new ErasureLayout(GrainCluster.DataShards, GrainCluster.ParityShards, GrainCluster.BlockSize, ObjectLayout.AlignedShardBlocks);
        var packed = new ErasureLayout(GrainCluster.DataShards, GrainCluster.ParityShards, GrainCluster.BlockSize);
        foreach (var disk in cluster.Disks)
        {
            var streamFile = Path.Combine(disk.Root, StoragePaths.ShardStreamFile(bucket, "k", put.DataDir));
            var stream = await File.ReadAllBytesAsync(streamFile, TestContext.Current.CancellationToken);
            var repacked = new byte[packed.ShardFileSize(content.Length)];
            for (long block = 0; block < aligned.BlockCount(content.Length); block++)
            {
                var length = ErasureLayout.ChecksumSize + aligned.ShardSize(aligned.BlockLength(content.Length, block));
                stream.AsSpan((int)aligned.ShardBlockOffset(block), length).CopyTo(repacked.AsSpan((int)packed.ShardBlockOffset(block)));
            }

            await File.WriteAllBytesAsync(streamFile, repacked, TestContext.Current.CancellationToken);

            var metaFile = Path.Combine(disk.ObjectDirectory(bucket, "k"), StoragePaths.MetadataFile);
            var meta = JsonNode.Parse(await File.ReadAllBytesAsync(metaFile, TestContext.Current.CancellationToken))!;
            Assert.True(meta["version"]!["layout"]!.AsObject().Remove("shardBlockAlignment"));
            await File.WriteAllTextAsync(metaFile, meta.ToJsonString(), TestContext.Current.CancellationToken);
        }

        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        var got = await objects.GetAsync(bucket, "k");

        Assert.NotNull(got);
        Assert.Equal(1, got.Version.Layout.ShardBlockAlignment);
        Assert.Equal(content, got.Content);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(GrainCluster.BlockSize + 5)]
    [InlineData(ObjectClient.DefaultInlineThreshold)]
    public async Task A_small_object_is_stored_inline_and_comes_back_with_its_bytes_from_the_registry(int size)
    {
        var bucket = await cluster.NewBucketAsync("inline");
        var content = TestContent.Bytes(size, seed: size + 1);

        var put = await objects.PutAsync(bucket, "small.txt", content);
        var state = await objects.Registry(bucket, "small.txt").Get(null);

        Assert.True(put.Inline);
        Assert.NotNull(state);
        Assert.True(state.Version.Inline);
        Assert.NotNull(state.InlineData);
        Assert.Equal(content, state.InlineData.Value.Value);
        Assert.Equal(TestContent.ETag(content), state.Version.ETag);
        Assert.Equal(size, state.Version.Size);
        Assert.All(cluster.Disks, disk => Assert.Empty(disk.DataDirectories(bucket, "small.txt")));
    }

    [Fact]
    public async Task An_object_read_by_a_fresh_registry_activation_comes_back_from_the_disks()
    {
        var bucket = await cluster.NewBucketAsync("reload");
        var big = TestContent.Bytes((3 * GrainCluster.BlockSize) + 9, seed: 31);
        var small = TestContent.Bytes(4321, seed: 32);
        await objects.PutAsync(bucket, "big", big);
        await objects.PutAsync(bucket, "small", small);

        await cluster.DeactivateAsync(objects.Registry(bucket, "big"));
        await cluster.DeactivateAsync(objects.Registry(bucket, "small"));

        Assert.Equal(big, (await objects.GetAsync(bucket, "big"))?.Content);
        Assert.Equal(small, (await objects.GetAsync(bucket, "small"))?.Content);
    }

    [Fact]
    public async Task Overwrites_switching_between_streamed_and_inline_always_read_back_the_latest_bytes()
    {
        var bucket = await cluster.NewBucketAsync("overwrite");
        byte[][] versions =
        [
            TestContent.Bytes((2 * GrainCluster.BlockSize) + 1 + ObjectClient.DefaultInlineThreshold, seed: 41),
            TestContent.Bytes(500, seed: 42),
            TestContent.Bytes(ObjectClient.DefaultInlineThreshold + 3, seed: 43),
            TestContent.Bytes(ObjectClient.DefaultInlineThreshold + 3, seed: 44),
            TestContent.Bytes(7, seed: 45),
        ];

        foreach (var content in versions)
        {
            await objects.PutAsync(bucket, "k", content);

            var got = await objects.GetAsync(bucket, "k");
            Assert.Equal(content, got?.Content);
            Assert.Equal(TestContent.ETag(content), got?.Version.ETag);
        }

        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        Assert.Equal(versions[^1], (await objects.GetAsync(bucket, "k"))?.Content);
    }

    [Fact]
    public async Task A_deleted_object_is_gone_from_the_registry_and_from_every_disk()
    {
        var bucket = await cluster.NewBucketAsync("delete");
        await objects.PutAsync(bucket, "k", TestContent.Bytes((2 * GrainCluster.BlockSize) + ObjectClient.DefaultInlineThreshold, seed: 5));

        Assert.True((await objects.Registry(bucket, "k").Delete(null, BucketVersioning.Unversioned)).Found);

        Assert.Null(await objects.Registry(bucket, "k").Get(null));
        Assert.False((await objects.Registry(bucket, "k").Delete(null, BucketVersioning.Unversioned)).Found);
        Assert.All(cluster.Disks, disk => Assert.False(Directory.Exists(disk.ObjectDirectory(bucket, "k")), $"object left on {disk}"));
        await cluster.DeactivateAsync(objects.Registry(bucket, "k"));
        Assert.Null(await objects.Registry(bucket, "k").Get(null));
    }
}
