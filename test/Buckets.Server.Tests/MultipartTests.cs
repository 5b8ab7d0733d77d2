using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>Multipart uploads through AWSSDK.S3: the low-level calls, TransferUtility, and every error a client can provoke.</summary>
[Collection(ServerCollection.Name)]
public sealed class MultipartTests(BucketsServer server) : ServerTest(server)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Parts_uploaded_out_of_order_and_again_complete_into_one_object_with_the_multipart_etag()
    {
        var bucket = await CreateBucketAsync("mpu");
        var parts = new[] { Bytes(5 * MiB, 1), Bytes((5 * MiB) + 17, 2), Bytes(123_457, 3) };
        var create = await S3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = "big/object.bin", ContentType = "application/x-test", Metadata = { ["color"] = "teal" } }, Cancel);
        AssertRequestId(create);
        Assert.Equal(32, create.UploadId.Length);

        var etags = new Dictionary<int, string>();
        foreach (var number in new[] { 3, 1, 2 })
        {
            var uploaded = await UploadPartAsync(bucket, "big/object.bin", create.UploadId, number, number == 2 ? Bytes(5 * MiB, 99) : parts[number - 1]);
            etags[number] = uploaded.ETag;
        }

        // Part 2 again, with its real bytes: the later upload wins.
        etags[2] = (await UploadPartAsync(bucket, "big/object.bin", create.UploadId, 2, parts[1])).ETag;
        Assert.Equal(QuotedMd5(parts[1]), etags[2]);

        var listed = await S3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "big/object.bin", UploadId = create.UploadId }, Cancel);
        Assert.Equal([1, 2, 3], listed.Parts.Select(p => p.PartNumber ?? 0));
        Assert.Equal(parts.Select(p => (long)p.Length), listed.Parts.Select(p => p.Size ?? 0));

        var complete = await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "big/object.bin",
            UploadId = create.UploadId,
            PartETags = etags.OrderBy(e => e.Key).Select(e => new PartETag(e.Key, e.Value)).ToList(),
        }, Cancel);
        AssertRequestId(complete);
        var expectedEtag = $"\"{Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(p => MD5.HashData(p)).ToArray()))}-3\"";
        Assert.Equal(expectedEtag, complete.ETag);

        var whole = parts.SelectMany(p => p).ToArray();
        Assert.Equal(whole, await GetBytesAsync(bucket, "big/object.bin"));
        var head = await S3.GetObjectMetadataAsync(bucket, "big/object.bin", Cancel);
        Assert.Equal(whole.Length, head.ContentLength);
        Assert.Equal(expectedEtag, head.ETag);
        Assert.Equal("application/x-test", head.Headers.ContentType);
        Assert.Equal("teal", head.Metadata["color"]);

        // A range across the part boundary, and one part by number.
        using (var ranged = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "big/object.bin", ByteRange = new ByteRange((5 * MiB) - 10, (5 * MiB) + 9) }, Cancel))
        {
            Assert.Equal(whole.AsSpan((5 * MiB) - 10, 20).ToArray(), await ReadAllAsync(ranged.ResponseStream));
        }

        using (var second = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "big/object.bin", PartNumber = 2 }, Cancel))
        {
            Assert.Equal(parts[1], await ReadAllAsync(second.ResponseStream));
            Assert.Equal(3, second.PartsCount);
        }

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchUpload",
            () => S3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "big/object.bin", UploadId = create.UploadId }, Cancel));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upload_outlives_deletes_of_its_keys_objects_and_completes_whole(bool versioned)
    {
        // S3 keeps an upload apart from the key's objects: deleting them, or the whole key, leaves its parts.
        var bucket = await CreateBucketAsync("mpu-delete");
        if (versioned)
        {
            await S3.PutBucketVersioningAsync(
                new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } }, Cancel);
        }

        const string key = "shared/key.bin";
        var parts = new[] { Bytes(5 * MiB, 41), Bytes(70_001, 42) };
        var create = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, Cancel);
        var first = await UploadPartAsync(bucket, key, create.UploadId, 1, parts[0]);

        // An object of the key comes and goes (a large one with data dirs, then a small inline one) while the
        // upload is open, its last version deleted outright each time.
        foreach (var size in new[] { (3 * MiB) + 5, 100 })
        {
            var put = await PutAsync(bucket, key, Bytes(size, size));
            await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key, VersionId = versioned ? put.VersionId : null }, Cancel);
            await AssertS3ErrorAsync(HttpStatusCode.NotFound, null, () => S3.GetObjectMetadataAsync(bucket, key, Cancel));
        }

        var second = await UploadPartAsync(bucket, key, create.UploadId, 2, parts[1]);
        var listed = await S3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = key, UploadId = create.UploadId }, Cancel);
        Assert.Equal([1, 2], listed.Parts.Select(p => p.PartNumber ?? 0));

        await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = create.UploadId,
            PartETags = [new PartETag(1, first.ETag), new PartETag(2, second.ETag)],
        }, Cancel);
        Assert.Equal(parts.SelectMany(p => p).ToArray(), await GetBytesAsync(bucket, key));

        // And the completed object deletes like any other, parts and all.
        var head = await S3.GetObjectMetadataAsync(bucket, key, Cancel);
        await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key, VersionId = versioned ? head.VersionId : null }, Cancel);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, null, () => S3.GetObjectMetadataAsync(bucket, key, Cancel));
        Assert.Empty((await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket }, Cancel)).Versions ?? []);
    }

    [Fact]
    public async Task TransferUtility_uploads_and_downloads_a_multipart_object()
    {
        var bucket = await CreateBucketAsync("transfer");
        var content = Bytes((23 * MiB) + 5, 7);
        using var transfer = new TransferUtility(S3);
        await transfer.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = bucket,
            Key = "t.bin",
            InputStream = new MemoryStream(content),
            PartSize = 5 * MiB,
        }, Cancel);

        var head = await S3.GetObjectMetadataAsync(bucket, "t.bin", Cancel);
        Assert.EndsWith("-5\"", head.ETag, StringComparison.Ordinal);
        Assert.Equal(content, await GetBytesAsync(bucket, "t.bin"));
    }

    [Fact]
    public async Task Completion_checks_parts_order_etags_and_sizes_and_leaves_the_upload_open()
    {
        var bucket = await CreateBucketAsync("mpuerrors");
        var create = await S3.InitiateMultipartUploadAsync(bucket, "k", Cancel);
        var small = await UploadPartAsync(bucket, "k", create.UploadId, 1, Bytes(1000, 1));
        var last = await UploadPartAsync(bucket, "k", create.UploadId, 2, Bytes(1000, 2));

        Task Complete(params PartETag[] parts) => S3.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = bucket, Key = "k", UploadId = create.UploadId, PartETags = parts.ToList() }, Cancel);

        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "EntityTooSmall", () => Complete(new PartETag(1, small.ETag), new PartETag(2, last.ETag)));
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "InvalidPart", () => Complete(new PartETag(1, QuotedMd5([9]))));
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "InvalidPart", () => Complete(new PartETag(7, small.ETag)));
        var order = await Raw.SendAsync(HttpMethod.Post, $"/{bucket}/k?uploadId={create.UploadId}", System.Text.Encoding.UTF8.GetBytes(
            $"<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>{last.ETag}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>{small.ETag}</ETag></Part></CompleteMultipartUpload>"));
        Assert.Equal(HttpStatusCode.BadRequest, order.StatusCode);
        Assert.Contains("<Code>InvalidPartOrder</Code>", await order.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var malformed = await Raw.SendAsync(HttpMethod.Post, $"/{bucket}/k?uploadId={create.UploadId}", "<CompleteMultipartUpload>"u8.ToArray());
        Assert.Contains("<Code>MalformedXML</Code>", await malformed.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, null, () => S3.GetObjectMetadataAsync(bucket, "k", Cancel));

        // A single small part is a whole object: the last part may be any size.
        var done = await S3.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = bucket, Key = "k", UploadId = create.UploadId, PartETags = [new PartETag(1, small.ETag)] }, Cancel);
        Assert.EndsWith("-1\"", done.ETag, StringComparison.Ordinal);
        Assert.Equal(Bytes(1000, 1), await GetBytesAsync(bucket, "k"));
    }

    [Fact]
    public async Task Unknown_aborted_and_foreign_uploads_and_bad_part_numbers_get_S3_errors()
    {
        var bucket = await CreateBucketAsync("mpuids");
        var create = await S3.InitiateMultipartUploadAsync(bucket, "k", Cancel);

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchUpload", () => UploadPartAsync(bucket, "k", "0123", 1, [1]));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchUpload", () => UploadPartAsync(bucket, "other-key", create.UploadId, 1, [1]));
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "InvalidArgument", () => UploadPartAsync(bucket, "k", create.UploadId, 10_001, [1]));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket",
            () => S3.InitiateMultipartUploadAsync(UniqueBucketName("nobucket"), "k", Cancel));

        await UploadPartAsync(bucket, "k", create.UploadId, 1, Bytes(10_000, 1));
        var aborted = await S3.AbortMultipartUploadAsync(bucket, "k", create.UploadId, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, aborted.HttpStatusCode);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchUpload", () => UploadPartAsync(bucket, "k", create.UploadId, 2, [1]));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchUpload", () => S3.AbortMultipartUploadAsync(bucket, "k", create.UploadId, Cancel));
    }

    [Fact]
    public async Task ListMultipartUploads_lists_uploads_in_progress_by_key_with_prefixes_and_paging()
    {
        var bucket = await CreateBucketAsync("mpulist");
        var ids = new Dictionary<string, string>();
        foreach (var key in new[] { "b", "a/1", "a/2", "c" })
        {
            ids[key] = (await S3.InitiateMultipartUploadAsync(bucket, key, Cancel)).UploadId;
        }

        var all = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket }, Cancel);
        Assert.Equal(["a/1", "a/2", "b", "c"], all.MultipartUploads.Select(u => u.Key));
        Assert.Equal(ids["b"], all.MultipartUploads[2].UploadId);

        var rolled = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, Delimiter = "/" }, Cancel);
        Assert.Equal(["a/"], rolled.CommonPrefixes);
        Assert.Equal(["b", "c"], rolled.MultipartUploads.Select(u => u.Key));

        var first = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, MaxUploads = 2 }, Cancel);
        Assert.True(first.IsTruncated);
        var rest = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
        {
            BucketName = bucket, KeyMarker = first.NextKeyMarker, UploadIdMarker = first.NextUploadIdMarker,
        }, Cancel);
        Assert.Equal(["b", "c"], rest.MultipartUploads.Select(u => u.Key));

        await S3.AbortMultipartUploadAsync(bucket, "b", ids["b"], Cancel);
        var after = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket }, Cancel);
        Assert.DoesNotContain(after.MultipartUploads, u => u.Key == "b");
    }

    [Fact]
    public async Task UploadPartCopy_builds_parts_from_ranges_of_other_objects()
    {
        var bucket = await CreateBucketAsync("partcopy");
        var source = Bytes((7 * MiB) + 333, 11);
        await PutAsync(bucket, "source.bin", source);
        var create = await S3.InitiateMultipartUploadAsync(bucket, "assembled.bin", Cancel);

        var first = await S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket, SourceKey = "source.bin", DestinationBucket = bucket, DestinationKey = "assembled.bin",
            UploadId = create.UploadId, PartNumber = 1, FirstByte = 0, LastByte = (5 * MiB) - 1,
        }, Cancel);
        Assert.Equal(QuotedMd5(source.AsSpan(0, 5 * MiB)), first.ETag);
        var second = await S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket, SourceKey = "source.bin", DestinationBucket = bucket, DestinationKey = "assembled.bin",
            UploadId = create.UploadId, PartNumber = 2,
        }, Cancel);
        var third = await UploadPartAsync(bucket, "assembled.bin", create.UploadId, 3, Bytes(1000, 12));

        await AssertS3ErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidRange", () => S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket, SourceKey = "source.bin", DestinationBucket = bucket, DestinationKey = "assembled.bin",
            UploadId = create.UploadId, PartNumber = 4, FirstByte = 0, LastByte = source.Length,
        }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket, SourceKey = "missing", DestinationBucket = bucket, DestinationKey = "assembled.bin",
            UploadId = create.UploadId, PartNumber = 4,
        }, Cancel));

        await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "assembled.bin",
            UploadId = create.UploadId,
            PartETags = [new PartETag(1, first.ETag), new PartETag(2, second.ETag), new PartETag(3, third.ETag)],
        }, Cancel);
        Assert.Equal(source.AsSpan(0, 5 * MiB).ToArray().Concat(source).Concat(Bytes(1000, 12)).ToArray(), await GetBytesAsync(bucket, "assembled.bin"));
    }

    private async Task<UploadPartResponse> UploadPartAsync(string bucket, string key, string uploadId, int number, byte[] data)
    {
        var response = await S3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = number,
            InputStream = new MemoryStream(data),
        }, Cancel);
        AssertRequestId(response);
        return response;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Cancel);
        return copy.ToArray();
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
