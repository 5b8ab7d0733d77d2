using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Buckets.Gateway.Auth;
using Buckets.Gateway.Checksums;
using Xunit;
using SdkChecksumAlgorithm = Amazon.S3.ChecksumAlgorithm;

namespace Buckets.Gateway.Tests;

/// <summary>
/// The real AWSSDK.S3 4.1.0 against the authenticator and decoder: every way it signs and frames a body must
/// decode to the bytes it was given, and its mistakes (or a man in the middle) must be refused.
/// </summary>
public sealed class SdkInteropTests(SdkServer server) : IClassFixture<SdkServer>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Default_PutObject_is_chunk_signed_with_a_crc32_trailer_and_decodes()
    {
        var data = RandomBytes(3 * 1024 * 1024 + 17);
        using var client = Client();

        await client.PutObjectAsync(Put("default.bin", data), Cancel);

        var exchange = server.Exchanges["PUT /bucket/default.bin"];
        Assert.Null(exchange.Error);
        Assert.Equal(PayloadMode.StreamingSignedTrailer, exchange.Auth!.PayloadMode);
        Assert.Equal("x-amz-checksum-crc32", exchange.Headers["x-amz-trailer"]);
        Assert.Equal(data, exchange.Body);
        Assert.Equal(new ChecksumValue(Checksums.ChecksumAlgorithm.Crc32, ChecksumAlgorithms.ComputeBase64(Checksums.ChecksumAlgorithm.Crc32, data)), exchange.Checksum);
    }

    [Theory]
    [InlineData("CRC32C", Checksums.ChecksumAlgorithm.Crc32C)]
    [InlineData("SHA1", Checksums.ChecksumAlgorithm.Sha1)]
    [InlineData("SHA256", Checksums.ChecksumAlgorithm.Sha256)]
    [InlineData("CRC64NVME", Checksums.ChecksumAlgorithm.Crc64Nvme)]
    public async Task PutObject_with_a_chosen_checksum_sends_that_trailer_and_decodes(string sdkAlgorithm, Checksums.ChecksumAlgorithm algorithm)
    {
        var data = RandomBytes(700_001);
        using var client = Client();
        var request = Put($"checksum-{sdkAlgorithm}.bin", data);
        request.ChecksumAlgorithm = SdkChecksumAlgorithm.FindValue(sdkAlgorithm);

        await client.PutObjectAsync(request, Cancel);

        var exchange = server.Exchanges[$"PUT /bucket/checksum-{sdkAlgorithm}.bin"];
        Assert.Null(exchange.Error);
        Assert.Equal(data, exchange.Body);
        Assert.Equal(new ChecksumValue(algorithm, ChecksumAlgorithms.ComputeBase64(algorithm, data)), exchange.Checksum);
    }

    [Fact]
    public async Task PutObject_without_chunk_encoding_sends_a_plain_body_that_decodes()
    {
        var data = RandomBytes(1024 * 1024);
        using var client = Client();
        var request = Put("plain.bin", data);
        request.UseChunkEncoding = false;

        await client.PutObjectAsync(request, Cancel);

        var exchange = server.Exchanges["PUT /bucket/plain.bin"];
        Assert.Null(exchange.Error);
        Assert.Equal(PayloadMode.Sha256, exchange.Auth!.PayloadMode);
        Assert.Equal(data, exchange.Body);
        Assert.Equal(ChecksumAlgorithms.ComputeBase64(Checksums.ChecksumAlgorithm.Crc32, data), exchange.Checksum!.Value.Base64);
    }

    [Fact]
    public async Task PutObject_when_checksums_are_only_sent_when_required_still_decodes()
    {
        var data = RandomBytes(200_000);
        using var client = Client(config => config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED);

        await client.PutObjectAsync(Put("when-required.bin", data), Cancel);

        var exchange = server.Exchanges["PUT /bucket/when-required.bin"];
        Assert.Null(exchange.Error);
        Assert.Equal(PayloadMode.StreamingSigned, exchange.Auth!.PayloadMode);
        Assert.Equal(data, exchange.Body);
    }

    [Theory]
    [InlineData("unicode/été/日本語 ☃.txt")]
    [InlineData("with space and+plus.txt")]
    [InlineData("a/../b.txt")]
    [InlineData("../escape")]
    [InlineData("literal%2Fpercent")]
    [InlineData("tilde~star*quote'(paren)!")]
    [InlineData("deep/a/b/c/")]
    [InlineData("emoji😀?question#hash&amp=eq")]
    public async Task Awkward_keys_round_trip_through_PutObject_and_GetObject(string key)
    {
        var data = Encoding.UTF8.GetBytes("contents of " + key);
        using var client = Client();

        await client.PutObjectAsync(Put(key, data), Cancel);
        using var response = await client.GetObjectAsync("bucket", key, Cancel);
        var read = new MemoryStream();
        await response.ResponseStream.CopyToAsync(read, Cancel);

        Assert.Equal(data, read.ToArray());
    }

    [Fact]
    public async Task GetObject_and_ListBuckets_are_header_signed_with_an_empty_payload()
    {
        using var client = Client();
        await client.PutObjectAsync(Put("listed.txt", "x"u8.ToArray()), Cancel);

        var buckets = await client.ListBucketsAsync(Cancel);
        using var response = await client.GetObjectAsync("bucket", "listed.txt", Cancel);

        Assert.Equal("bucket", Assert.Single(buckets.Buckets).BucketName);
        Assert.Equal(new DateTime(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc), buckets.Buckets[0].CreationDate!.Value.ToUniversalTime());
        var exchange = server.Exchanges["GET /bucket/listed.txt"];
        Assert.Null(exchange.Error);
        Assert.False(exchange.Auth!.IsPresigned);
    }

    [Fact]
    public async Task DeleteObjects_body_is_vouched_for_by_a_checksum_header_that_the_decoder_verifies()
    {
        using var client = Client();

        // This server stores nothing for POST: the SDK fails on its answer, but what it sent is recorded.
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.DeleteObjectsAsync(
            new DeleteObjectsRequest { BucketName = "bucket", Objects = [new KeyVersion { Key = "a" }, new KeyVersion { Key = "b" }] }, Cancel));

        var exchange = server.Exchanges.Single(e => e.Key.StartsWith("POST ", StringComparison.Ordinal)).Value;
        Assert.Equal("/bucket/?delete", exchange.RawTarget);
        Assert.DoesNotContain("content-md5", exchange.Headers.Keys);
        Assert.Equal(PayloadMode.Sha256, exchange.Auth!.PayloadMode);
        Assert.Equal(new ChecksumValue(Checksums.ChecksumAlgorithm.Crc32, ChecksumAlgorithms.ComputeBase64(Checksums.ChecksumAlgorithm.Crc32, exchange.Body!)),
            exchange.Checksum);
        Assert.Contains("<Key>b</Key>", Encoding.UTF8.GetString(exchange.Body!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_GetObject_asks_for_the_checksum_and_HeadObject_only_when_told_to()
    {
        using var client = Client();
        await client.PutObjectAsync(Put("mode.txt", "x"u8.ToArray()), Cancel);

        // The SDK validates every GET whose answer carries a checksum: the gateway must never send one for a range.
        using (await client.GetObjectAsync(new GetObjectRequest { BucketName = "bucket", Key = "mode.txt" }, Cancel))
        {
            Assert.Equal("ENABLED", server.Exchanges["GET /bucket/mode.txt"].Headers["x-amz-checksum-mode"]);
        }

        await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = "bucket", Key = "mode.txt" }, Cancel);
        Assert.DoesNotContain("x-amz-checksum-mode", server.Exchanges["HEAD /bucket/mode.txt"].Headers.Keys);
    }

    [Theory]
    [InlineData("presigned.txt")]
    [InlineData("presigned/été + space%2F.txt")]
    public async Task A_presigned_GET_URL_works_from_a_plain_HttpClient(string key)
    {
        var data = Encoding.UTF8.GetBytes("presigned contents");
        using var client = Client();
        await client.PutObjectAsync(Put(key, data), Cancel);
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = "bucket",
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Protocol = Protocol.HTTP,
        });

        using var http = new HttpClient();
        using var response = await http.GetAsync(url, Cancel);

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.True(server.Exchanges["GET " + new Uri(url).AbsolutePath].Auth!.IsPresigned);
    }

    [Fact]
    public async Task A_presigned_URL_with_a_changed_key_is_refused()
    {
        using var client = Client();
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = "bucket",
            Key = "presigned-a.txt",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Protocol = Protocol.HTTP,
        });

        using var http = new HttpClient();
        using var response = await http.GetAsync(url.Replace("presigned-a.txt", "presigned-b.txt", StringComparison.Ordinal), Cancel);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_wrong_secret_is_SignatureDoesNotMatch_to_the_SDK()
    {
        using var client = Client(secret: "not the secret");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(Put("wrong-secret.bin", RandomBytes(1000)), Cancel));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("TESTREQUEST", error.RequestId);
    }

    [Fact]
    public async Task An_unknown_access_key_is_InvalidAccessKeyId_to_the_SDK()
    {
        using var client = Client(accessKey: "NOSUCHKEY");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListBucketsAsync(Cancel));

        Assert.Equal("InvalidAccessKeyId", error.ErrorCode);
    }

    [Fact]
    public async Task A_tampered_chunk_byte_is_refused()
    {
        var data = RandomBytes(300_000);
        server.Tamper["/bucket/tampered-chunk.bin"] = raw =>
        {
            raw[raw.Length / 2] ^= 0x01;
            return raw;
        };
        using var client = Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(Put("tampered-chunk.bin", data), Cancel));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }

    [Fact]
    public async Task A_tampered_plain_body_is_a_sha256_mismatch()
    {
        var data = RandomBytes(100_000);
        server.Tamper["/bucket/tampered-plain.bin"] = raw =>
        {
            raw[10] ^= 0x01;
            return raw;
        };
        using var client = Client();
        var request = Put("tampered-plain.bin", data);
        request.UseChunkEncoding = false;

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(request, Cancel));

        Assert.Equal("XAmzContentSHA256Mismatch", error.ErrorCode);
    }

    [Fact]
    public async Task A_tampered_checksum_trailer_is_a_bad_digest()
    {
        var data = RandomBytes(100_000);
        server.Tamper["/bucket/tampered-trailer.bin"] = raw =>
        {
            var text = Encoding.Latin1.GetString(raw);
            var value = text.IndexOf("x-amz-checksum-crc32:", StringComparison.Ordinal) + "x-amz-checksum-crc32:".Length;
            var replacement = text[value] == 'A' ? 'B' : 'A';
            return Encoding.Latin1.GetBytes(text[..value] + replacement + text[(value + 1)..]);
        };
        using var client = Client();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.PutObjectAsync(Put("tampered-trailer.bin", data), Cancel));

        Assert.Equal("BadDigest", error.ErrorCode);
    }

    private AmazonS3Client Client(Action<AmazonS3Config>? configure = null, string accessKey = SdkServer.AccessKey, string secret = SdkServer.SecretKey)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = server.BaseAddress.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(config);
        return new AmazonS3Client(new BasicAWSCredentials(accessKey, secret), config);
    }

    private static PutObjectRequest Put(string key, byte[] data) => new()
    {
        BucketName = "bucket",
        Key = key,
        InputStream = new MemoryStream(data),
    };

    private static byte[] RandomBytes(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }
}
