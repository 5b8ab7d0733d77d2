using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>Every way the SDK sends a body decodes to the same object; a digest that does not match stores nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class PayloadModeTests(BucketsServer server) : ServerTest(server)
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData(0)]
    [InlineData(3000)]
    [InlineData((2 * MiB) + 77)]
    public async Task A_plain_signed_body_without_chunk_encoding_round_trips(int size)
    {
        var bucket = await CreateBucketAsync("plain");
        var data = SeededBytes.Create(11, size);

        var put = await PutAsync(bucket, "plain", data, request => request.UseChunkEncoding = false);

        Assert.Equal(QuotedMd5(data), put.ETag);
        Assert.Equal(data, await GetBytesAsync(bucket, "plain"));
    }

    [Theory]
    [InlineData("CRC32", 3000)]
    [InlineData("CRC32", (2 * MiB) + 77)]
    [InlineData("CRC32C", 3000)]
    [InlineData("CRC32C", (2 * MiB) + 77)]
    [InlineData("SHA1", 3000)]
    [InlineData("SHA256", 3000)]
    [InlineData("SHA256", (2 * MiB) + 77)]
    [InlineData("CRC64NVME", 3000)]
    [InlineData("CRC64NVME", (2 * MiB) + 77)]
    public async Task A_body_with_a_checksum_trailer_round_trips(string algorithm, int size)
    {
        var bucket = await CreateBucketAsync("trailer");
        var data = SeededBytes.Create(12, size);

        var put = await PutAsync(bucket, "checked", data, request => request.ChecksumAlgorithm = new Amazon.S3.ChecksumAlgorithm(algorithm));

        Assert.Equal(QuotedMd5(data), put.ETag);
        Assert.Equal(data, await GetBytesAsync(bucket, "checked"));
    }

    [Theory]
    [InlineData("CRC32C", 3000)]
    [InlineData("SHA256", (2 * MiB) + 77)]
    [InlineData("CRC64NVME", 3000)]
    public async Task A_plain_body_with_a_checksum_header_round_trips(string algorithm, int size)
    {
        var bucket = await CreateBucketAsync("chkheader");
        var data = SeededBytes.Create(13, size);

        var put = await PutAsync(bucket, "checked", data, request =>
        {
            request.UseChunkEncoding = false;
            request.ChecksumAlgorithm = new Amazon.S3.ChecksumAlgorithm(algorithm);
        });

        Assert.Equal(QuotedMd5(data), put.ETag);
        Assert.Equal(data, await GetBytesAsync(bucket, "checked"));
    }

    [Theory]
    [InlineData(3000)]
    [InlineData((2 * MiB) + 77)]
    public async Task A_client_that_sends_checksums_only_when_required_round_trips(int size)
    {
        using var client = Server.CreateClient(configure: config => config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED);
        var bucket = await CreateBucketAsync("whenrequired");
        var data = SeededBytes.Create(14, size);

        var put = await PutAsync(bucket, "object", data, client: client);

        Assert.Equal(QuotedMd5(data), put.ETag);
        Assert.Equal(data, await GetBytesAsync(bucket, "object"));
    }

    [Theory]
    [InlineData(3000)]
    [InlineData((2 * MiB) + 77)]
    public async Task A_correct_Content_MD5_is_accepted(int size)
    {
        var bucket = await CreateBucketAsync("md5ok");
        var data = SeededBytes.Create(15, size);

        var put = await PutAsync(bucket, "object", data, request => request.MD5Digest = Convert.ToBase64String(MD5.HashData(data)));

        Assert.Equal(QuotedMd5(data), put.ETag);
    }

    [Theory]
    [InlineData(3000, true)]
    [InlineData(3000, false)]
    [InlineData((2 * MiB) + 77, true)]
    [InlineData((2 * MiB) + 77, false)]
    public async Task A_wrong_Content_MD5_answers_BadDigest_and_keeps_the_old_version(int size, bool chunked)
    {
        var bucket = await CreateBucketAsync("md5bad");
        var old = SeededBytes.Create(16, 100);
        await PutAsync(bucket, "object", old);
        var data = SeededBytes.Create(17, size);
        var wrong = Convert.ToBase64String(MD5.HashData("something else"u8));

        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "BadDigest", () => PutAsync(bucket, "object", data, request =>
        {
            request.MD5Digest = wrong;
            request.UseChunkEncoding = chunked;
        }));

        Assert.Equal(old, await GetBytesAsync(bucket, "object"));
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "BadDigest", () => PutAsync(bucket, "fresh", data, request => request.MD5Digest = wrong));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "fresh" }, Cancel));
    }

    [Fact]
    public async Task A_wrong_checksum_header_answers_BadDigest()
    {
        var bucket = await CreateBucketAsync("crcbad");
        var data = SeededBytes.Create(18, 3000);

        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "BadDigest", () => PutAsync(bucket, "object", data, request =>
        {
            request.UseChunkEncoding = false;
            request.ChecksumCRC32 = "AAAAAA==";
        }));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "object" }, Cancel));
    }
}
