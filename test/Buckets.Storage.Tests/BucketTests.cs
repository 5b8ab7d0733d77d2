using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>Bucket documents are listed by name, and a bucket goes only once it holds no object on the disk.</summary>
public sealed class BucketTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bucket_documents_read_back_and_list_in_ordinal_order()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        string[] names = ["b", "a.b", "Legacy_Bucket", "a-b", "a"];

        foreach (var name in names)
        {
            await disk.WriteBucketAsync(name, System.Text.Encoding.UTF8.GetBytes($"doc of {name}"), Ct);
        }

        Assert.Equal(["Legacy_Bucket", "a", "a-b", "a.b", "b"], await disk.ListBucketsAsync(Ct));
        Assert.Equal("doc of a.b"u8.ToArray(), await disk.ReadBucketAsync("a.b", Ct));
        Assert.Null(await disk.ReadBucketAsync("c", Ct));

        await disk.WriteBucketAsync("a", "v2"u8.ToArray(), Ct);
        Assert.Equal("v2"u8.ToArray(), await disk.ReadBucketAsync("a", Ct));
    }

    [Fact]
    public async Task A_fresh_disk_has_no_buckets()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));

        Assert.Empty(await disk.ListBucketsAsync(Ct));
    }

    [Fact]
    public async Task A_bucket_has_objects_only_while_an_object_has_metadata()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        await disk.WriteBucketAsync("bucket", "{}"u8.ToArray(), Ct);
        Assert.False(await disk.BucketHasObjectsAsync("bucket", Ct));
        Assert.False(await disk.BucketHasObjectsAsync("no-such-bucket", Ct));

        // Shards without metadata are an unfinished write, not an object.
        await disk.WriteShardAsync("bucket", "key", Guid.NewGuid(), 0, new byte[10], flush: true, Ct);
        Assert.False(await disk.BucketHasObjectsAsync("bucket", Ct));

        await disk.WriteObjectMetadataAsync("bucket", "key", "meta"u8.ToArray(), null, Ct);
        Assert.True(await disk.BucketHasObjectsAsync("bucket", Ct));

        await disk.DeleteObjectAsync("bucket", "key", [], Ct);
        Assert.False(await disk.BucketHasObjectsAsync("bucket", Ct));
    }

    [Fact]
    public async Task A_bucket_holding_objects_is_not_deleted()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        await disk.WriteBucketAsync("bucket", "{}"u8.ToArray(), Ct);
        await disk.WriteObjectMetadataAsync("bucket", "key", "meta"u8.ToArray(), null, Ct);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await disk.DeleteBucketAsync("bucket", Ct));

        Assert.Contains("'bucket' still holds objects", e.Message);
        Assert.Equal(["bucket"], await disk.ListBucketsAsync(Ct));
        Assert.Equal("meta"u8.ToArray(), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
    }

    [Fact]
    public async Task Deleting_an_empty_bucket_removes_its_document_its_directory_and_leftover_shards()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        await disk.WriteBucketAsync("bucket", "{}"u8.ToArray(), Ct);
        await disk.WriteBucketAsync("other", "{}"u8.ToArray(), Ct);
        await disk.WriteObjectMetadataAsync("bucket", "gone", "meta"u8.ToArray(), null, Ct);
        await disk.DeleteObjectAsync("bucket", "gone", [], Ct);
        await disk.WriteShardAsync("bucket", "failed-upload", Guid.NewGuid(), 0, new byte[10], flush: true, Ct);

        await disk.DeleteBucketAsync("bucket", Ct);

        Assert.Equal(["other"], await disk.ListBucketsAsync(Ct));
        Assert.Null(await disk.ReadBucketAsync("bucket", Ct));
        Assert.False(Directory.Exists(Path.Combine(disk.Root, StoragePaths.BucketObjectsDirectory("bucket"))));
        await Disks.AssertTempEmptiesAsync(disk);

        // Deleting a bucket that is not there is not an error.
        await disk.DeleteBucketAsync("bucket", Ct);
    }
}
