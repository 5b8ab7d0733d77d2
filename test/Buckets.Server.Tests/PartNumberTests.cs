using System.Net;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>GET and HEAD with partNumber on an object written in one piece: part 1 is the whole object as a 206, no other part exists.</summary>
[Collection(ServerCollection.Name)]
public sealed class PartNumberTests(BucketsServer server) : ServerTest(server)
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData(1)]
    [InlineData(5000)]
    [InlineData((2 * MiB) + 3)]
    public async Task Part_1_is_the_whole_object_answered_as_206(int size)
    {
        var bucket = await CreateBucketAsync("part1");
        var data = SeededBytes.Create(21, size);
        await PutAsync(bucket, "object", data);

        using var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "object", PartNumber = 1 }, Cancel);
        Assert.Equal(HttpStatusCode.PartialContent, get.HttpStatusCode);
        Assert.Equal(size, get.ContentLength);
        Assert.Equal($"bytes 0-{size - 1}/{size}", get.ContentRange);
        Assert.Equal(QuotedMd5(data), get.ETag);
        Assert.Null((await DownloadCheck.ReadAsync(get.ResponseStream, 21, 0, Cancel)).FirstMismatch);

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "object", PartNumber = 1 }, Cancel);
        Assert.Equal(HttpStatusCode.PartialContent, head.HttpStatusCode);
        Assert.Equal(size, head.ContentLength);
    }

    [Fact]
    public async Task Part_1_of_an_empty_object_is_an_empty_200()
    {
        var bucket = await CreateBucketAsync("part1empty");
        await PutAsync(bucket, "empty", []);

        using var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/empty?partNumber=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task Any_other_part_answers_InvalidPartNumber()
    {
        var bucket = await CreateBucketAsync("part2");
        await PutAsync(bucket, "object", [1, 2, 3]);

        await AssertS3ErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidPartNumber",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "object", PartNumber = 2 }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, null,
            () => S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "object", PartNumber = 10000 }, Cancel));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("-1")]
    [InlineData("one")]
    public async Task A_part_number_outside_1_to_10000_answers_InvalidArgument(string part)
    {
        var bucket = await CreateBucketAsync("partbad");
        await PutAsync(bucket, "object", [1]);

        using var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/object?partNumber={part}");

        var error = await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Equal("Part number must be an integer between 1 and 10000, inclusive", error.Message);
    }

    [Fact]
    public async Task A_part_number_with_a_range_answers_InvalidRequest()
    {
        var bucket = await CreateBucketAsync("partrange");
        await PutAsync(bucket, "object", [1, 2, 3]);

        using var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/object?partNumber=1", headers: [new("Range", "bytes=0-1")]);

        var error = await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Equal("Cannot specify both Range header and partNumber query parameter", error.Message);
    }
}
