using System.Diagnostics;
using System.Net;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>Requests no SDK sends, made by hand: each is refused with the S3 error a client expects, and stores nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class RawRequestErrorTests(BucketsServer server) : ServerTest(server)
{
    [Fact]
    public async Task A_chunked_transfer_without_any_length_answers_MissingContentLength()
    {
        var bucket = await CreateBucketAsync("nolength");
        using var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/object", new UnknownLengthContent("body of unknown length"u8.ToArray()),
            SigV4Signer.UnsignedPayload);

        await S3Error.AssertAsync(response, HttpStatusCode.LengthRequired, "MissingContentLength");
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "object" }, Cancel));
    }

    [Fact]
    public async Task An_aws_chunked_transfer_without_a_decoded_length_answers_MissingContentLength()
    {
        var bucket = await CreateBucketAsync("nodecoded");
        var body = "4\r\nbody\r\n0\r\nx-amz-checksum-crc32:" + Convert.ToBase64String(System.IO.Hashing.Crc32.Hash("body"u8).Reverse().ToArray()) + "\r\n\r\n";

        using var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/object", new UnknownLengthContent(System.Text.Encoding.ASCII.GetBytes(body)),
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER", headers: [new("Content-Encoding", "aws-chunked"), new("x-amz-trailer", "x-amz-checksum-crc32")]);

        await S3Error.AssertAsync(response, HttpStatusCode.LengthRequired, "MissingContentLength");
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "object" }, Cancel));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(3 * 1024 * 1024)]
    public async Task A_body_that_does_not_match_its_signed_SHA256_answers_XAmzContentSHA256Mismatch(int size)
    {
        var bucket = await CreateBucketAsync("shamismatch");
        var old = "old version"u8.ToArray();
        await PutAsync(bucket, "object", old);
        var body = SeededBytes.Create(31, size);
        var other = SeededBytes.Create(32, size);

        using var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/object", body, payloadHash: SigV4Signer.Sha256Hex(other));

        await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch");
        Assert.Equal(old, await GetBytesAsync(bucket, "object"));
    }

    [Fact]
    public async Task A_body_that_matches_its_signed_SHA256_is_stored()
    {
        var bucket = await CreateBucketAsync("shamatch");
        var body = SeededBytes.Create(33, 2 * 1024 * 1024);

        using var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/object", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(QuotedMd5(body), response.Headers.ETag?.ToString());
        Assert.Equal(body, await GetBytesAsync(bucket, "object"));
    }

    [Fact]
    public async Task A_PUT_declaring_more_than_5_GiB_answers_EntityTooLarge_without_reading_the_body()
    {
        var bucket = await CreateBucketAsync("toolarge");
        var declared = (5L * 1024 * 1024 * 1024) + 1;
        var clock = Stopwatch.StartNew();

        // Only the head goes out: an answer at all proves the server decided before reading the body.
        var response = await Raw.SendHeadOnlyAsync("PUT", $"/{bucket}/huge", [new("Content-Length", declared.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            SigV4Signer.UnsignedPayload, TimeSpan.FromSeconds(15));

        S3Error.Assert(response, HttpStatusCode.BadRequest, "EntityTooLarge");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed}");
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "huge" }, Cancel));
    }

    [Fact]
    public async Task An_aws_chunked_PUT_declaring_more_than_5_GiB_decoded_answers_EntityTooLarge_without_reading_the_body()
    {
        var bucket = await CreateBucketAsync("toolargechunked");
        var declared = (5L * 1024 * 1024 * 1024) + 1;

        var response = await Raw.SendHeadOnlyAsync("PUT", $"/{bucket}/huge",
            [
                new("Content-Encoding", "aws-chunked"),
                new("Transfer-Encoding", "chunked"),
                new("x-amz-decoded-content-length", declared.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER", TimeSpan.FromSeconds(15));

        S3Error.Assert(response, HttpStatusCode.BadRequest, "EntityTooLarge");
    }

    [Theory]
    [InlineData(1000, 500)]
    [InlineData(3 * 1024 * 1024, 2 * 1024 * 1024)]
    public async Task A_body_cut_short_stores_nothing_and_is_not_answered_as_a_server_error(int declared, int sent)
    {
        var bucket = await CreateBucketAsync("cutshort");
        var old = "old version"u8.ToArray();
        await PutAsync(bucket, "object", old);
        var body = SeededBytes.Create(34, sent);

        var response = await Raw.SendPartialAsync("PUT", $"/{bucket}/object",
            [new("Content-Length", declared.ToString(System.Globalization.CultureInfo.InvariantCulture))], SigV4Signer.UnsignedPayload,
            body, halfClose: true, TimeSpan.FromSeconds(15));

        TestContext.Current.TestOutputHelper?.WriteLine(response is null ? "connection closed without an answer" : $"answered {response.Status}: {response.Body}");

        // S3 answers IncompleteBody; a server that just drops the connection of a client that gave up is fine too.
        if (response is not null)
        {
            S3Error.Assert(response, HttpStatusCode.BadRequest, "IncompleteBody");
        }

        Assert.Equal(old, await GetBytesAsync(bucket, "object"));
    }
}
