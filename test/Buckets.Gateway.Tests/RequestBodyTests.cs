using System.Security.Cryptography;
using Buckets.Gateway.Auth;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Chunked;
using Buckets.Gateway.Errors;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class RequestBodyTests
{
    private static readonly byte[] Data = "Welcome to Amazon S3."u8.ToArray();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_plain_body_signed_by_its_sha256_passes_through()
    {
        await using var body = RequestBody.Open(Plain([]), Signed(Data), computeMd5: true);

        Assert.Equal(Data, await ReadAllAsync(body.Content));
        Assert.Equal(MD5.HashData(Data), body.Md5);
    }

    [Fact]
    public async Task A_plain_body_other_than_the_signed_one_is_a_sha256_mismatch()
    {
        await using var body = RequestBody.Open(Plain([]), Signed("Welcome to Amazon S4."u8.ToArray()));

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body.Content));
        Assert.Equal("XAmzContentSHA256Mismatch", error.Code);
    }

    [Fact]
    public async Task A_content_sha256_check_fails_the_read_that_reaches_the_end()
    {
        await using var stream = DigestVerifyingStream.ForContentSha256(new MemoryStream(Data), Convert.ToHexStringLower(SHA256.HashData("x"u8)), expectedLength: null);

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(stream));
        Assert.Equal("XAmzContentSHA256Mismatch", error.Code);
    }

    [Fact]
    public async Task A_wrong_content_md5_is_a_bad_digest()
    {
        await using var body = RequestBody.Open(Plain([("Content-MD5", Convert.ToBase64String(MD5.HashData("x"u8)))]), Unsigned());

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body.Content));
        Assert.Equal("BadDigest", error.Code);
    }

    [Fact]
    public async Task A_deferred_md5_is_computed_and_checked_by_the_reader_not_by_the_stream()
    {
        Assert.SkipUnless(Buckets.Hashing.Md5Lanes.IsAccelerated, "This CPU hashes streams inline.");
        await using var body = RequestBody.Open(Plain([("Content-MD5", Convert.ToBase64String(MD5.HashData("x"u8)))]), Unsigned());
        var md5 = ((DigestVerifyingStream)body.Content).DeferMd5();
        Assert.NotNull(md5);

        // The stream no longer knows the MD5, so reading to the end succeeds; the reader's check then fails.
        var read = await ReadAllAsync(body.Content);
        await md5.AppendAsync(read);
        var error = await Assert.ThrowsAsync<S3Exception>(md5.CompleteAsync);
        Assert.Equal("BadDigest", error.Code);
        Assert.Equal(MD5.HashData(Data), body.Md5);
    }

    [Fact]
    public async Task The_md5_of_a_stream_already_read_from_cannot_be_deferred()
    {
        await using var body = RequestBody.Open(Plain([]), Unsigned(), computeMd5: true);
        var stream = (DigestVerifyingStream)body.Content;
        await stream.ReadExactlyAsync(new byte[1], Cancel);

        Assert.Null(stream.DeferMd5());
        await ReadAllAsync(stream);
        Assert.Equal(MD5.HashData(Data), body.Md5);
    }

    [Fact]
    public void A_malformed_content_md5_is_refused_before_the_body_is_read()
    {
        var error = Assert.Throws<S3Exception>(() => RequestBody.Open(Plain([("Content-MD5", "nope")]), Unsigned()));

        Assert.Equal("InvalidDigest", error.Code);
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    [InlineData(ChecksumAlgorithm.Sha1)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    public async Task A_checksum_header_is_verified_and_reported(ChecksumAlgorithm algorithm)
    {
        var value = ChecksumAlgorithms.ComputeBase64(algorithm, Data);
        await using var body = RequestBody.Open(Plain([(ChecksumAlgorithms.HeaderName(algorithm), value)]), Unsigned());

        Assert.Equal(Data, await ReadAllAsync(body.Content));
        Assert.Equal(new ChecksumValue(algorithm, value), body.Checksum);
    }

    [Fact]
    public async Task A_wrong_checksum_header_is_a_bad_digest()
    {
        var value = ChecksumAlgorithms.ComputeBase64(ChecksumAlgorithm.Sha256, "x"u8);
        await using var body = RequestBody.Open(Plain([("x-amz-checksum-sha256", value)]), Unsigned());

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body.Content));
        Assert.Equal("BadDigest", error.Code);
    }

    [Fact]
    public void Two_checksum_headers_are_refused()
    {
        var error = Assert.Throws<S3Exception>(() => RequestBody.Open(Plain(
        [
            ("x-amz-checksum-crc32", ChecksumAlgorithms.ComputeBase64(ChecksumAlgorithm.Crc32, Data)),
            ("x-amz-checksum-sha1", ChecksumAlgorithms.ComputeBase64(ChecksumAlgorithm.Sha1, Data)),
        ]), Unsigned()));

        Assert.Equal("InvalidRequest", error.Code);
    }

    [Fact]
    public async Task A_plain_body_shorter_than_its_content_length_is_incomplete()
    {
        var request = Plain([("Content-MD5", Convert.ToBase64String(MD5.HashData(Data)))]);
        request.ContentLength = Data.Length + 1;
        await using var body = RequestBody.Open(request, Unsigned());

        var error = await Assert.ThrowsAsync<S3Exception>(() => ReadAllAsync(body.Content));
        Assert.Equal("IncompleteBody", error.Code);
    }

    [Fact]
    public void An_aws_chunked_body_needs_its_decoded_length()
    {
        var error = Assert.Throws<S3Exception>(() => RequestBody.Open(Plain([]), AwsExample.Context(PayloadMode.StreamingUnsignedTrailer, "")));

        Assert.Equal("MissingContentLength", error.Code);
    }

    [Fact]
    public async Task An_aws_chunked_body_with_an_announced_trailer_reports_the_trailer_checksum()
    {
        var context = AwsExample.Context(PayloadMode.StreamingSignedTrailer, new string('1', 64));
        var encoded = ChunkedBodyWriter.Encode(context, Data, 8, ChecksumAlgorithm.Sha1);
        var request = TestRequests.Create("PUT", "/b/k",
            [("x-amz-decoded-content-length", Data.Length.ToString()), ("x-amz-trailer", "x-amz-checksum-sha1")], encoded);
        await using var body = RequestBody.Open(request, context, computeMd5: true);

        Assert.Equal(Data, await ReadAllAsync(body.Content));
        Assert.Equal(new ChecksumValue(ChecksumAlgorithm.Sha1, ChecksumAlgorithms.ComputeBase64(ChecksumAlgorithm.Sha1, Data)), body.Checksum);
        Assert.Equal(MD5.HashData(Data), body.Md5);
    }

    private static Microsoft.AspNetCore.Http.HttpRequest Plain((string, string)[] headers)
        => TestRequests.Create("PUT", "/b/k", headers, Data);

    private static SigV4Context Unsigned() => AwsExample.Context(PayloadMode.Unsigned, new string('0', 64));

    private static SigV4Context Signed(byte[] data)
        => new(AwsExample.AccessKey, AwsExample.SigningKey(), AwsExample.Time, AwsExample.Scope, new string('0', 64), PayloadMode.Sha256,
            Convert.ToHexStringLower(SHA256.HashData(data)));

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        var output = new MemoryStream();
        await stream.CopyToAsync(output, Cancel);
        return output.ToArray();
    }
}
