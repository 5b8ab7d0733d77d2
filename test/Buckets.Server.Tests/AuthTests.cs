using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class AuthTests(BucketsServer server) : ServerTest(server)
{
    [Fact]
    public async Task A_wrong_secret_answers_SignatureDoesNotMatch()
    {
        using var client = Server.CreateClient(secretKey: "not-the-right-secret");

        await AssertS3ErrorAsync(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", () => client.ListBucketsAsync(new ListBucketsRequest(), Cancel));
    }

    [Fact]
    public async Task A_wrong_secret_cannot_write_an_object()
    {
        var bucket = await CreateBucketAsync("wrongsecret");
        using var client = Server.CreateClient(secretKey: "not-the-right-secret");

        await AssertS3ErrorAsync(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", () => PutAsync(bucket, "k", [1, 2, 3], client: client));

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k" }, Cancel));
    }

    [Fact]
    public async Task An_unknown_access_key_answers_InvalidAccessKeyId()
    {
        using var client = Server.CreateClient(accessKey: "nobody-we-know");

        await AssertS3ErrorAsync(HttpStatusCode.Forbidden, "InvalidAccessKeyId", () => client.ListBucketsAsync(new ListBucketsRequest(), Cancel));
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("PUT", "/anonymous-bucket")]
    [InlineData("GET", "/anonymous-bucket/key")]
    [InlineData("PUT", "/anonymous-bucket/key")]
    public async Task An_anonymous_request_answers_AccessDenied(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Server.Endpoint, path));
        if (method == "PUT")
        {
            request.Content = new ByteArrayContent("anonymous"u8.ToArray());
        }

        using var response = await Server.Http.SendAsync(request, Cancel);

        await S3Error.AssertAsync(response, HttpStatusCode.Forbidden, "AccessDenied");
    }

    [Theory]
    [InlineData(-20)]
    [InlineData(20)]
    public async Task A_request_signed_with_a_clock_20_minutes_off_answers_RequestTimeTooSkewed(int minutes)
    {
        using var response = await Raw.SendAsync(HttpMethod.Get, "/", time: DateTimeOffset.UtcNow.AddMinutes(minutes));

        await S3Error.AssertAsync(response, HttpStatusCode.Forbidden, "RequestTimeTooSkewed");
    }

    [Fact]
    public async Task A_request_signed_with_a_clock_10_minutes_off_is_accepted()
    {
        using var response = await Raw.SendAsync(HttpMethod.Get, "/", time: DateTimeOffset.UtcNow.AddMinutes(-10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertRequestId(response);
    }

    [Fact]
    public async Task The_hand_signed_requests_of_these_tests_are_accepted()
    {
        var bucket = UniqueBucketName("rawsigned");
        using var create = await Raw.SendAsync(HttpMethod.Put, "/" + bucket);
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        using var put = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/{SigV4Signer.EncodePath("dir/ünï code+%.txt")}", "raw body"u8.ToArray(),
            headers: [new("Content-Type", "text/plain"), new("x-amz-meta-origin", "raw")]);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        AssertRequestId(put);

        Assert.Equal("raw body"u8.ToArray(), await GetBytesAsync(bucket, "dir/ünï code+%.txt"));
    }

    [Theory]
    [InlineData("shared/file.bin")]
    [InlineData("ünï cødé/plus+percent%/日本.bin")]
    public async Task A_presigned_GET_URL_works_with_a_plain_HTTP_client(string key)
    {
        var bucket = await CreateBucketAsync("presign");
        var data = SeededBytes.Create(21, 5000);
        await PutAsync(bucket, key, data);

        var url = await PresignAsync(bucket, key, HttpVerb.GET, TimeSpan.FromMinutes(5));
        using var response = await Server.Http.GetAsync(new Uri(url), Cancel);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} for {url}: {await response.Content.ReadAsStringAsync(Cancel)}");
        AssertRequestId(response);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task A_presigned_PUT_URL_stores_an_object()
    {
        var bucket = await CreateBucketAsync("presignput");
        var url = await PresignAsync(bucket, "uploaded", HttpVerb.PUT, TimeSpan.FromMinutes(5));

        using var response = await Server.Http.PutAsync(new Uri(url), new ByteArrayContent("via presigned url"u8.ToArray()), Cancel);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} for {url}: {await response.Content.ReadAsStringAsync(Cancel)}");
        Assert.Equal("via presigned url"u8.ToArray(), await GetBytesAsync(bucket, "uploaded"));
    }

    [Fact]
    public async Task An_expired_presigned_URL_answers_AccessDenied()
    {
        var bucket = await CreateBucketAsync("expired");
        await PutAsync(bucket, "file", [1, 2, 3]);
        var url = await PresignAsync(bucket, "file", HttpVerb.GET, TimeSpan.FromSeconds(1));

        await Task.Delay(TimeSpan.FromSeconds(2.5), Cancel);
        using var response = await Server.Http.GetAsync(new Uri(url), Cancel);

        var error = await S3Error.AssertAsync(response, HttpStatusCode.Forbidden, "AccessDenied");
        Assert.Equal("Request has expired", error.Message);
    }

    [Fact]
    public async Task An_expired_presigned_PUT_URL_answers_AccessDenied_and_stores_nothing()
    {
        var bucket = await CreateBucketAsync("expiredput");
        var url = await PresignAsync(bucket, "late", HttpVerb.PUT, TimeSpan.FromSeconds(1));

        await Task.Delay(TimeSpan.FromSeconds(2.5), Cancel);
        using var response = await Server.Http.PutAsync(new Uri(url), new ByteArrayContent("too late"u8.ToArray()), Cancel);

        var error = await S3Error.AssertAsync(response, HttpStatusCode.Forbidden, "AccessDenied");
        Assert.Equal("Request has expired", error.Message);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "late" }, Cancel));
    }

    [Fact]
    public async Task A_presigned_HEAD_URL_works_with_a_plain_HTTP_client()
    {
        var bucket = await CreateBucketAsync("presignhead");
        var data = SeededBytes.Create(22, 7000);
        await PutAsync(bucket, "headed", data, request => request.ContentType = "text/plain");
        var url = await PresignAsync(bucket, "headed", HttpVerb.HEAD, TimeSpan.FromMinutes(5));

        using var response = await Server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(url)), Cancel);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} for {url}");
        AssertRequestId(response);
        Assert.Equal(7000, response.Content.Headers.ContentLength);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(QuotedMd5(data), response.Headers.ETag?.ToString());

        // The same URL signs HEAD only: a GET with it is another request.
        using var get = await Server.Http.GetAsync(new Uri(url), Cancel);
        await S3Error.AssertAsync(get, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
    }

    [Fact]
    public async Task A_presigned_URL_with_a_tampered_expiry_answers_SignatureDoesNotMatch()
    {
        var bucket = await CreateBucketAsync("tampered");
        await PutAsync(bucket, "file", [1, 2, 3]);
        var url = await PresignAsync(bucket, "file", HttpVerb.GET, TimeSpan.FromMinutes(5));
        var tampered = System.Text.RegularExpressions.Regex.Replace(url, "X-Amz-Expires=[0-9]+", "X-Amz-Expires=86400");
        Assert.NotEqual(url, tampered);

        using var response = await Server.Http.GetAsync(new Uri(tampered), Cancel);

        await S3Error.AssertAsync(response, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
    }

    [Fact]
    public async Task A_presigned_URL_for_one_key_does_not_open_another()
    {
        var bucket = await CreateBucketAsync("otherkey");
        await PutAsync(bucket, "public", [1]);
        await PutAsync(bucket, "private", [2]);
        var url = await PresignAsync(bucket, "public", HttpVerb.GET, TimeSpan.FromMinutes(5));

        using var response = await Server.Http.GetAsync(new Uri(url.Replace("/public?", "/private?", StringComparison.Ordinal)), Cancel);

        await S3Error.AssertAsync(response, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
    }

    /// <summary>A URL the SDK presigns for plain HTTP, valid for <paramref name="lifetime"/> from now.</summary>
    private Task<string> PresignAsync(string bucket, string key, HttpVerb verb, TimeSpan lifetime) =>
        S3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = verb,
            Protocol = Protocol.HTTP,
            Expires = DateTime.UtcNow.Add(lifetime),
        });
}
