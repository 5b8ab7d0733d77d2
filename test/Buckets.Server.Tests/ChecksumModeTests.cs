using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>
/// The x-amz-checksum-* a PUT carried (header or aws-chunked trailer) is verified, kept with the object, and returned
/// on GET and HEAD only to a request with x-amz-checksum-mode: ENABLED that reads the whole object; the SDK then
/// checks the bytes it received against it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ChecksumModeTests(BucketsServer server) : ServerTest(server)
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData("CRC32", 3000, true)]
    [InlineData("CRC32", (2 * MiB) + 77, false)]
    [InlineData("CRC32C", 3000, false)]
    [InlineData("CRC32C", (2 * MiB) + 77, true)]
    [InlineData("CRC64NVME", 3000, true)]
    [InlineData("CRC64NVME", (2 * MiB) + 77, false)]
    [InlineData("SHA1", 3000, false)]
    [InlineData("SHA1", (2 * MiB) + 77, true)]
    [InlineData("SHA256", 3000, true)]
    [InlineData("SHA256", (2 * MiB) + 77, false)]
    public async Task The_checksum_of_a_PUT_comes_back_with_checksum_mode_and_the_SDK_validates_the_download(string algorithm, int size, bool trailer)
    {
        var bucket = await CreateBucketAsync("checksum");
        var seed = (ulong)size + 7;
        var data = SeededBytes.Create(seed, size);
        var expected = ReferenceChecksums.Base64(algorithm, data);

        var put = await PutAsync(bucket, "object", data, request =>
        {
            request.ChecksumAlgorithm = new ChecksumAlgorithm(algorithm);
            request.UseChunkEncoding = trailer;
        });
        Assert.Equal(expected, ChecksumOf(algorithm, put.ChecksumCRC32, put.ChecksumCRC32C, put.ChecksumCRC64NVME, put.ChecksumSHA1, put.ChecksumSHA256));

        using var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "object", ChecksumMode = ChecksumMode.ENABLED }, Cancel);
        Assert.Equal(expected, ChecksumOf(algorithm, get.ChecksumCRC32, get.ChecksumCRC32C, get.ChecksumCRC64NVME, get.ChecksumSHA1, get.ChecksumSHA256));
        Assert.Equal(ChecksumType.FULL_OBJECT, get.ChecksumType);

        // The SDK validates what it read against the header when the stream ends: a wrong value would throw here.
        var check = await DownloadCheck.ReadAsync(get.ResponseStream, seed, 0, Cancel);
        Assert.Equal(size, check.Length);
        Assert.Null(check.FirstMismatch);

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "object", ChecksumMode = ChecksumMode.ENABLED }, Cancel);
        Assert.Equal(expected, ChecksumOf(algorithm, head.ChecksumCRC32, head.ChecksumCRC32C, head.ChecksumCRC64NVME, head.ChecksumSHA1, head.ChecksumSHA256));
    }

    [Fact]
    public async Task Without_checksum_mode_or_for_a_range_no_checksum_is_returned()
    {
        var bucket = await CreateBucketAsync("checksumoff");
        var data = SeededBytes.Create(3, 5000);
        await PutAsync(bucket, "object", data, request => request.ChecksumAlgorithm = ChecksumAlgorithm.CRC32C);
        var expected = ReferenceChecksums.Base64("CRC32C", data);

        using (var plain = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/object"))
        {
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            Assert.False(plain.Headers.Contains("x-amz-checksum-crc32c"));
            Assert.False(plain.Headers.Contains("x-amz-checksum-type"));
        }

        using (var enabled = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/object", headers: [new("x-amz-checksum-mode", "ENABLED")]))
        {
            Assert.Equal(expected, Assert.Single(enabled.Headers.GetValues("x-amz-checksum-crc32c")));
            Assert.Equal("FULL_OBJECT", Assert.Single(enabled.Headers.GetValues("x-amz-checksum-type")));
        }

        using (var ranged = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/object", headers: [new("x-amz-checksum-mode", "ENABLED"), new("Range", "bytes=0-99")]))
        {
            Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
            Assert.False(ranged.Headers.Contains("x-amz-checksum-crc32c"));
        }

        using var sdkRange = await S3.GetObjectAsync(
            new GetObjectRequest { BucketName = bucket, Key = "object", ChecksumMode = ChecksumMode.ENABLED, ByteRange = new ByteRange(10, 19) }, Cancel);
        Assert.Null(sdkRange.ChecksumCRC32C);
        Assert.Equal(data[10..20], await ReadAllAsync(sdkRange.ResponseStream));
    }

    [Theory]
    [InlineData("CRC32", true)]
    [InlineData("CRC32C", false)]
    [InlineData("SHA256", true)]
    public async Task An_uploaded_part_echoes_the_checksum_it_was_sent_with(string algorithm, bool trailer)
    {
        var bucket = await CreateBucketAsync("partchecksum");
        var data = SeededBytes.Create(11, (5 * MiB) + 3);
        var create = await S3.InitiateMultipartUploadAsync(bucket, "object", Cancel);

        var part = await S3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = "object",
            UploadId = create.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(data),
            ChecksumAlgorithm = new ChecksumAlgorithm(algorithm),
            UseChunkEncoding = trailer,
        }, Cancel);

        Assert.Equal(ReferenceChecksums.Base64(algorithm, data), ChecksumOf(algorithm, part.ChecksumCRC32, part.ChecksumCRC32C, part.ChecksumCRC64NVME, part.ChecksumSHA1, part.ChecksumSHA256));
        await S3.AbortMultipartUploadAsync(bucket, "object", create.UploadId, Cancel);
    }

    [Fact]
    public async Task An_object_stored_without_a_checksum_returns_none()
    {
        using var client = Server.CreateClient(configure: config => config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED);
        var bucket = await CreateBucketAsync("nochecksum");
        await PutAsync(bucket, "object", [1, 2, 3], request => request.UseChunkEncoding = false, client);

        using var response = await Raw.SendAsync(HttpMethod.Head, $"/{bucket}/object", headers: [new("x-amz-checksum-mode", "ENABLED")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("x-amz-checksum", StringComparison.OrdinalIgnoreCase));
    }

    private static string? ChecksumOf(string algorithm, string? crc32, string? crc32c, string? crc64nvme, string? sha1, string? sha256) => algorithm switch
    {
        "CRC32" => crc32,
        "CRC32C" => crc32c,
        "CRC64NVME" => crc64nvme,
        "SHA1" => sha1,
        _ => sha256,
    };

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Cancel);
        return copy.ToArray();
    }
}
