using System.Net;
using Amazon.S3.Model;
using Buckets.Grains.Tests;
using Buckets.Storage;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>
/// CopyObject inside the server's one erasure set shares the source's shard files by hard links: checked on the disk
/// directories (same inode), and through S3 after the source is deleted or overwritten, with disks missing the
/// source's shards, for a multipart source (ranged reads; the copy is still one part with an MD5 ETag), and for
/// UploadPartCopy of a whole object.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class LinkedCopyTests(BucketsServer server) : ServerTest(server)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_copy_links_the_sources_shard_files_and_reads_back_after_the_source_is_deleted()
    {
        var bucket = await CreateBucketAsync("linkdel");
        var data = SeededBytes.Create(41, (3 * MiB) + 5);
        await PutAsync(bucket, "source", data);

        var copy = await CopyAsync(bucket, "source", "copy");

        Assert.Equal(QuotedMd5(data), copy.ETag);
        foreach (var disk in Server.DataDirs)
        {
            var source = Assert.Single(ShardFiles(disk, bucket, "source"));
            var linked = Assert.Single(ShardFiles(disk, bucket, "copy"));
            Assert.NotEqual(Path.GetDirectoryName(source), Path.GetDirectoryName(linked));
            Assert.Equal(FileIdentity.Of(source).Inode, FileIdentity.Of(linked).Inode);
            Assert.Equal(2, FileIdentity.Of(linked).Links);
        }

        await S3.DeleteObjectAsync(bucket, "source", Cancel);

        Assert.All(Server.DataDirs, d => Assert.Empty(ShardFiles(d, bucket, "source")));
        Assert.All(Server.DataDirs, d => Assert.Equal(1, FileIdentity.Of(Assert.Single(ShardFiles(d, bucket, "copy"))).Links));
        Assert.Equal(data, await GetBytesAsync(bucket, "copy"));
    }

    [Fact]
    public async Task Overwriting_the_source_after_the_copy_leaves_the_copy_as_it_was()
    {
        var bucket = await CreateBucketAsync("linkover");
        var data = SeededBytes.Create(42, (2 * MiB) + 99);
        await PutAsync(bucket, "source", data);
        await CopyAsync(bucket, "source", "copy");
        var replacement = SeededBytes.Create(43, (2 * MiB) + 99);
        await PutAsync(bucket, "source", replacement);

        // What the grace period after the switch would do to the replaced shards, done now.
        foreach (var disk in Server.DataDirs)
        {
            var files = ShardFiles(disk, bucket, "source");
            var old = files.Single(f => FileIdentity.Of(f).Links == 2);
            Directory.Delete(Path.GetDirectoryName(old)!, recursive: true);
        }

        Assert.Equal(data, await GetBytesAsync(bucket, "copy"));
        Assert.Equal(replacement, await GetBytesAsync(bucket, "source"));
        await S3.DeleteObjectAsync(bucket, "copy", Cancel);
        Assert.Equal(replacement, await GetBytesAsync(bucket, "source"));
    }

    [Fact]
    public async Task A_disk_missing_the_source_shard_lacks_the_copys_and_the_copy_reads_back()
    {
        var bucket = await CreateBucketAsync("linkmiss");
        var data = SeededBytes.Create(44, (2 * MiB) + 7);
        await PutAsync(bucket, "source", data);
        var damaged = Server.DataDirs[2];
        Directory.Delete(Path.GetDirectoryName(Assert.Single(ShardFiles(damaged, bucket, "source")))!, recursive: true);

        var copy = await CopyAsync(bucket, "source", "copy");

        Assert.Equal(QuotedMd5(data), copy.ETag);
        Assert.Empty(ShardFiles(damaged, bucket, "copy"));
        Assert.All(Server.DataDirs.Where(d => d != damaged), d => Assert.Equal(2, FileIdentity.Of(Assert.Single(ShardFiles(d, bucket, "copy"))).Links));
        Assert.Equal(data, await GetBytesAsync(bucket, "copy"));
    }

    [Fact]
    public async Task With_two_disks_missing_the_source_shard_the_copy_is_streamed_instead()
    {
        var bucket = await CreateBucketAsync("linkstream");
        var data = SeededBytes.Create(45, (2 * MiB) + 3);
        await PutAsync(bucket, "source", data);
        foreach (var disk in Server.DataDirs.Take(2))
        {
            Directory.Delete(Path.GetDirectoryName(Assert.Single(ShardFiles(disk, bucket, "source")))!, recursive: true);
        }

        var copy = await CopyAsync(bucket, "source", "copy");

        Assert.Equal(QuotedMd5(data), copy.ETag);
        Assert.All(Server.DataDirs, d => Assert.Equal(1, FileIdentity.Of(Assert.Single(ShardFiles(d, bucket, "copy"))).Links));
        Assert.Equal(data, await GetBytesAsync(bucket, "copy"));
    }

    [Fact]
    public async Task A_copy_of_a_multipart_object_links_its_parts_serves_ranges_and_stays_one_part_with_an_MD5_ETag()
    {
        var bucket = await CreateBucketAsync("linkmpu");
        byte[][] parts = [SeededBytes.Create(46, 5 * MiB), SeededBytes.Create(47, (3 * MiB) + 11)];
        var create = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "source" }, Cancel);
        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = await S3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket, Key = "source", UploadId = create.UploadId, PartNumber = i + 1, InputStream = new MemoryStream(parts[i]),
            }, Cancel);
            etags.Add(new PartETag(i + 1, part.ETag));
        }

        await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "source", UploadId = create.UploadId, PartETags = etags }, Cancel);
        var whole = parts.SelectMany(p => p).ToArray();

        var copy = await CopyAsync(bucket, "source", "copy");

        Assert.Equal(QuotedMd5(whole), copy.ETag);
        foreach (var disk in Server.DataDirs)
        {
            var sourceInodes = ShardFiles(disk, bucket, "source").Select(f => FileIdentity.Of(f).Inode).Order();
            Assert.Equal(sourceInodes, ShardFiles(disk, bucket, "copy").Select(f => FileIdentity.Of(f).Inode).Order());
        }

        await S3.DeleteObjectAsync(bucket, "source", Cancel);
        Assert.Equal(whole, await GetBytesAsync(bucket, "copy"));
        var first = (5 * MiB) - 1000;
        var last = (5 * MiB) + 2000;
        using (var ranged = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "copy", ByteRange = new ByteRange(first, last) }, Cancel))
        {
            using var buffer = new MemoryStream();
            await ranged.ResponseStream.CopyToAsync(buffer, Cancel);
            Assert.Equal(whole.AsSpan(first, last - first + 1).ToArray(), buffer.ToArray());
        }

        // As the streamed copy made it: one part, the whole object.
        using (var partOne = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "copy", PartNumber = 1 }, Cancel))
        {
            Assert.Equal(whole.Length, partOne.ContentLength);
            Assert.Null(partOne.PartsCount);
        }

        await AssertS3ErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidPartNumber",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "copy", PartNumber = 2 }, Cancel));
    }

    [Fact]
    public async Task UploadPartCopy_of_a_whole_object_links_it_and_a_ranged_one_streams()
    {
        var bucket = await CreateBucketAsync("linkpart");
        var data = SeededBytes.Create(48, (5 * MiB) + 21);
        await PutAsync(bucket, "source", data);
        var create = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "assembled" }, Cancel);

        var whole = await S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket, SourceKey = "source", DestinationBucket = bucket, DestinationKey = "assembled", UploadId = create.UploadId, PartNumber = 1,
        }, Cancel);
        var sourceInodes = Server.DataDirs.Select(d => FileIdentity.Of(Assert.Single(ShardFiles(d, bucket, "source"))).Inode).ToArray();
        var ranged = await S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket, SourceKey = "source", DestinationBucket = bucket, DestinationKey = "assembled", UploadId = create.UploadId, PartNumber = 2,
            FirstByte = 10, LastByte = 1009,
        }, Cancel);

        Assert.Equal(QuotedMd5(data), whole.ETag);
        Assert.Equal(QuotedMd5(data.AsSpan(10, 1000)), ranged.ETag);
        for (var i = 0; i < Server.DataDirs.Count; i++)
        {
            var inodes = ShardFiles(Server.DataDirs[i], bucket, "assembled").Select(f => FileIdentity.Of(f).Inode).ToArray();
            Assert.Equal(2, inodes.Length);
            Assert.Single(inodes, sourceInodes[i]);
        }

        await S3.DeleteObjectAsync(bucket, "source", Cancel);
        await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "assembled", UploadId = create.UploadId, PartETags = [new PartETag(1, whole.ETag), new PartETag(2, ranged.ETag)],
        }, Cancel);
        var assembled = await GetBytesAsync(bucket, "assembled");
        Assert.Equal([.. data, .. data.AsSpan(10, 1000)], assembled);
    }

    /// <summary>The shard files of an object on one disk, one per data dir.</summary>
    private static string[] ShardFiles(string disk, string bucket, string key)
    {
        var directory = Path.Combine(disk, StoragePaths.ObjectDirectory(bucket, key));
        return Directory.Exists(directory)
            ? [.. Directory.GetDirectories(directory).Select(d => Path.Combine(d, StoragePaths.ShardFile)).Where(File.Exists)]
            : [];
    }

    private async Task<CopyObjectResponse> CopyAsync(string bucket, string source, string destination)
    {
        var response = await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = source, DestinationBucket = bucket, DestinationKey = destination,
        }, Cancel);
        AssertRequestId(response);
        return response;
    }
}
