using System.Net;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>What the server does not do yet, it says so: 501 NotImplemented as S3 XML, never a 200 that means something else.</summary>
[Collection(ServerCollection.Name)]
public sealed class NotImplementedTests(BucketsServer server) : ServerTest(server)
{
    [Fact]
    public async Task UploadPartCopy_answers_NotImplemented()
    {
        var bucket = await CreateBucketAsync("partcopy");
        await PutAsync(bucket, "source", "source"u8.ToArray());
        var upload = await S3.InitiateMultipartUploadAsync(bucket, "destination", Cancel);

        await AssertS3ErrorAsync(HttpStatusCode.NotImplemented, "NotImplemented", () => S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket,
            SourceKey = "source",
            DestinationBucket = bucket,
            DestinationKey = "destination",
            UploadId = upload.UploadId,
            PartNumber = 1,
        }, Cancel));
    }

    [Theory]
    [InlineData("GET", "/{0}?policy")]
    [InlineData("PUT", "/{0}?lifecycle")]
    [InlineData("GET", "/{0}?list-type=2&foo=bar")]
    [InlineData("GET", "/{0}?acl")]
    [InlineData("POST", "/{0}/key?delete")]
    [InlineData("GET", "/{0}/key?tagging")]
    [InlineData("PUT", "/{0}/key?tagging")]
    [InlineData("GET", "/{0}/key?acl")]
    [InlineData("POST", "/{0}/key")]
    [InlineData("DELETE", "/?anything")]
    public async Task An_unimplemented_request_answers_501_NotImplemented_XML(string method, string target)
    {
        var bucket = await CreateBucketAsync("raw501");
        await PutAsync(bucket, "key", "unchanged"u8.ToArray());

        using var response = await Raw.SendAsync(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, target, bucket),
            method is "PUT" or "POST" ? "<x/>"u8.ToArray() : null);

        await S3Error.AssertAsync(response, HttpStatusCode.NotImplemented, "NotImplemented");
        Assert.Equal("unchanged"u8.ToArray(), await GetBytesAsync(bucket, "key"));
    }

    [Fact]
    public async Task UploadPartCopy_answers_NotImplemented_and_stores_nothing()
    {
        var bucket = await CreateBucketAsync("rawcopy");
        await PutAsync(bucket, "source", "source"u8.ToArray());

        using var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/copy?partNumber=1&uploadId=abc", headers: [new("x-amz-copy-source", $"/{bucket}/source")]);

        await S3Error.AssertAsync(response, HttpStatusCode.NotImplemented, "NotImplemented");
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "copy" }, Cancel));
    }
}
