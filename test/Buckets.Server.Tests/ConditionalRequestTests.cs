using System.Net;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>
/// Headers that change what a GET or PUT means. A server that ignores them answers 200 where S3 answers 304 or 412:
/// a conditional write then overwrites what it promised to keep, a conditional read serves a version the client refused.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ConditionalRequestTests(BucketsServer server) : ServerTest(server)
{
    [Fact]
    public async Task A_GET_with_a_stale_If_Match_answers_PreconditionFailed()
    {
        var (bucket, _) = await ObjectAsync();

        using var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/object", headers: [new("If-Match", "\"0123456789abcdef0123456789abcdef\"")]);

        await S3Error.AssertAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }

    [Fact]
    public async Task A_GET_with_the_current_If_None_Match_answers_304()
    {
        var (bucket, etag) = await ObjectAsync();

        using var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/object", headers: [new("If-None-Match", etag)]);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        AssertRequestId(response);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task A_GET_with_an_If_Unmodified_Since_before_the_write_answers_PreconditionFailed()
    {
        var (bucket, _) = await ObjectAsync();

        using var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/object",
            headers: [new("If-Unmodified-Since", DateTimeOffset.UtcNow.AddDays(-1).ToString("R", System.Globalization.CultureInfo.InvariantCulture))]);

        await S3Error.AssertAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }

    [Fact]
    public async Task The_SDK_sees_PreconditionFailed_for_an_ETag_that_does_not_match()
    {
        var (bucket, _) = await ObjectAsync();

        await AssertS3ErrorAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed", () => S3.GetObjectAsync(
            new GetObjectRequest { BucketName = bucket, Key = "object", EtagToMatch = "\"0123456789abcdef0123456789abcdef\"" }, Cancel));
    }

    [Fact]
    public async Task A_PUT_with_If_None_Match_star_does_not_overwrite_an_existing_object()
    {
        var (bucket, _) = await ObjectAsync();

        using var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/object", "overwritten"u8.ToArray(), headers: [new("If-None-Match", "*")]);

        await S3Error.AssertAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal("original"u8.ToArray(), await GetBytesAsync(bucket, "object"));
    }

    [Fact]
    public async Task Response_header_overrides_of_a_GET_are_applied()
    {
        var (bucket, _) = await ObjectAsync();
        var request = new GetObjectRequest { BucketName = bucket, Key = "object" };
        request.ResponseHeaderOverrides.ContentType = "text/csv";
        request.ResponseHeaderOverrides.ContentDisposition = "attachment; filename=\"report.csv\"";

        using var response = await S3.GetObjectAsync(request, Cancel);

        Assert.Equal("text/csv", response.Headers.ContentType);
        Assert.Equal("attachment; filename=\"report.csv\"", response.Headers.ContentDisposition);
    }

    private async Task<(string Bucket, string ETag)> ObjectAsync()
    {
        var bucket = await CreateBucketAsync("conditional");
        var put = await PutAsync(bucket, "object", "original"u8.ToArray(), request => request.ContentType = "text/plain");
        return (bucket, put.ETag);
    }
}
