using System.Net;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ObjectTests(BucketsServer server) : ServerTest(server)
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(128 * 1024)]
    [InlineData((128 * 1024) + 1)]
    [InlineData(MiB)]
    [InlineData((5 * MiB) + 123)]
    public async Task An_object_round_trips_with_its_MD5_as_ETag(int size)
    {
        var bucket = await CreateBucketAsync("roundtrip");
        var data = SeededBytes.Create((ulong)size, size);

        var put = await PutAsync(bucket, "object.bin", data);
        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
        Assert.Equal(QuotedMd5(data), put.ETag);

        using var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "object.bin" }, Cancel);
        AssertRequestId(get);
        Assert.Equal(HttpStatusCode.OK, get.HttpStatusCode);
        Assert.Equal(size, get.ContentLength);
        Assert.Equal(QuotedMd5(data), get.ETag);
        var check = await DownloadCheck.ReadAsync(get.ResponseStream, (ulong)size, 0, Cancel);
        Assert.Equal(size, check.Length);
        Assert.Null(check.FirstMismatch);

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "object.bin" }, Cancel);
        AssertRequestId(head);
        Assert.Equal(size, head.ContentLength);
        Assert.Equal(QuotedMd5(data), head.ETag);
        Assert.InRange(Assert.NotNull(head.LastModified).ToUniversalTime(), DateTime.UtcNow.AddMinutes(-2), DateTime.UtcNow.AddSeconds(5));

        var deleted = await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "object.bin" }, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        AssertRequestId(deleted);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "object.bin" }, Cancel));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData((3 * MiB) + 5)]
    public async Task Metadata_and_content_headers_round_trip(int size)
    {
        var bucket = await CreateBucketAsync("metadata");
        var data = SeededBytes.Create(7, size);

        await PutAsync(bucket, "doc", data, request =>
        {
            request.ContentType = "text/plain; charset=utf-8";
            request.Metadata["color"] = "blue";
            request.Metadata["Mixed-Case"] = "Some Value";
            request.Headers.CacheControl = "max-age=60";
            request.Headers.ContentDisposition = "attachment; filename=\"doc.txt\"";
        });

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "doc" }, Cancel);
        Assert.Equal("text/plain; charset=utf-8", head.Headers.ContentType);
        Assert.Equal("blue", head.Metadata["x-amz-meta-color"]);
        Assert.Equal("Some Value", head.Metadata["x-amz-meta-mixed-case"]);
        Assert.Equal("max-age=60", head.Headers.CacheControl);
        Assert.Equal("attachment; filename=\"doc.txt\"", head.Headers.ContentDisposition);

        // aws-chunked describes how the SDK sent the body, not the object: it must not come back.
        Assert.True(string.IsNullOrEmpty(head.Headers.ContentEncoding), $"Content-Encoding came back as '{head.Headers.ContentEncoding}'");

        using var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "doc" }, Cancel);
        Assert.Equal("text/plain; charset=utf-8", get.Headers.ContentType);
        Assert.Equal("blue", get.Metadata["x-amz-meta-color"]);
        Assert.Equal("Some Value", get.Metadata["x-amz-meta-mixed-case"]);
        Assert.Null((await DownloadCheck.ReadAsync(get.ResponseStream, 7, 0, Cancel)).FirstMismatch);
    }

    [Fact]
    public async Task User_metadata_up_to_2_KiB_is_kept()
    {
        var bucket = await CreateBucketAsync("metaok");

        // Four names of 1 byte and values of 500: 2,004 bytes, under S3's 2 KiB.
        await PutAsync(bucket, "doc", [1], request =>
        {
            foreach (var name in (string[])["a", "b", "c", "d"])
            {
                request.Metadata[name] = new string(name[0], 500);
            }
        });

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "doc" }, Cancel);
        Assert.Equal(new string('d', 500), head.Metadata["x-amz-meta-d"]);
    }

    [Theory]
    [InlineData(100)]
    [InlineData((2 * 1024 * 1024) + 1)]
    public async Task User_metadata_over_2_KiB_answers_MetadataTooLarge_and_stores_nothing(int size)
    {
        var bucket = await CreateBucketAsync("metabig");

        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "MetadataTooLarge", () => PutAsync(bucket, "doc", SeededBytes.Create(2, size), request =>
        {
            request.Metadata["first"] = new string('x', 1100);
            request.Metadata["second"] = new string('y', 1100);
        }));

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "doc" }, Cancel));
    }

    [Fact]
    public async Task An_overwrite_replaces_the_object_whether_it_was_inline_or_streamed()
    {
        var bucket = await CreateBucketAsync("overwrite");
        byte[][] versions = [SeededBytes.Create(1, 100), SeededBytes.Create(2, (2 * MiB) + 1), SeededBytes.Create(3, 200), SeededBytes.Create(4, MiB + 7)];

        foreach (var version in versions)
        {
            await PutAsync(bucket, "same-key", version);
            Assert.Equal(version, await GetBytesAsync(bucket, "same-key"));
        }
    }

    [Fact]
    public async Task Deleting_a_missing_key_answers_204()
    {
        var bucket = await CreateBucketAsync("delmissing");

        var response = await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "never-written" }, Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.HttpStatusCode);
        AssertRequestId(response);
    }

    [Fact]
    public async Task A_missing_key_answers_NoSuchKey()
    {
        var bucket = await CreateBucketAsync("nokey");

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "nothing/here" }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, null,
            () => S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "nothing/here" }, Cancel));
        using var raw = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/nothing/here");
        var error = await S3Error.AssertAsync(raw, HttpStatusCode.NotFound, "NoSuchKey");
        Assert.Contains($"<Resource>/{bucket}/nothing/here</Resource>", error.Raw, StringComparison.Ordinal);
    }
}
