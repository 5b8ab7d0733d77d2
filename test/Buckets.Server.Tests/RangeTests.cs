using System.Net;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class RangeTests(BucketsServer server) : ServerTest(server)
{
    private const int MiB = 1024 * 1024;
    private const int Small = 5000;
    private const int Large = (3 * MiB) + 4321;

    [Theory]
    [InlineData(Small, "bytes=0-0", 0, 1)]
    [InlineData(Small, "bytes=10-99", 10, 90)]
    [InlineData(Small, "bytes=4000-", 4000, 1000)]
    [InlineData(Small, "bytes=-100", 4900, 100)]
    [InlineData(Small, "bytes=-9999", 0, Small)]
    [InlineData(Small, "bytes=4990-999999", 4990, 10)]
    [InlineData(Large, "bytes=0-99", 0, 100)]
    [InlineData(Large, "bytes=1048570-1048589", 1048570, 20)]
    [InlineData(Large, "bytes=1000000-3000000", 1000000, 2000001)]
    [InlineData(Large, "bytes=3145728-", 3145728, 4321)]
    [InlineData(Large, "bytes=-4322", Large - 4322, 4322)]
    [InlineData(Large, "bytes=2097152-2097152", 2097152, 1)]
    public async Task A_range_answers_206_with_exactly_those_bytes(int size, string range, long start, long length)
    {
        var (bucket, seed) = await ObjectOfAsync(size);

        using var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/ranged", headers: [new("Range", range)]);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        AssertRequestId(response);
        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal($"bytes {start}-{start + length - 1}/{size}", response.Content.Headers.ContentRange?.ToString());
        var check = await DownloadCheck.ReadAsync(await response.Content.ReadAsStreamAsync(Cancel), seed, start, Cancel);
        Assert.Equal(length, check.Length);
        Assert.Null(check.FirstMismatch);
    }

    [Theory]
    [InlineData(Small, 100, 199)]
    [InlineData(Large, MiB - 3, (2 * MiB) + 3)]
    public async Task The_SDK_reads_a_byte_range(int size, long first, long last)
    {
        var (bucket, seed) = await ObjectOfAsync(size);

        using var response = await S3.GetObjectAsync(
            new GetObjectRequest { BucketName = bucket, Key = "ranged", ByteRange = new ByteRange(first, last) }, Cancel);

        Assert.Equal(HttpStatusCode.PartialContent, response.HttpStatusCode);
        Assert.Equal(last - first + 1, response.ContentLength);
        Assert.Equal($"bytes {first}-{last}/{size}", response.ContentRange);
        var check = await DownloadCheck.ReadAsync(response.ResponseStream, seed, first, Cancel);
        Assert.Equal(last - first + 1, check.Length);
        Assert.Null(check.FirstMismatch);
    }

    [Theory]
    [InlineData(Small, "bytes=5000-")]
    [InlineData(Small, "bytes=5000-5100")]
    [InlineData(Large, "bytes=3150049-")]
    [InlineData(Small, "bytes=-0")]
    public async Task A_range_past_the_end_answers_InvalidRange(int size, string range)
    {
        var (bucket, _) = await ObjectOfAsync(size);

        using var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/ranged", headers: [new("Range", range)]);

        await S3Error.AssertAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidRange");
    }

    [Fact]
    public async Task The_SDK_sees_InvalidRange_for_a_range_past_the_end()
    {
        var (bucket, _) = await ObjectOfAsync(Small);

        await AssertS3ErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidRange",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "ranged", ByteRange = new ByteRange(Small, Small + 10) }, Cancel));
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=100-50")]
    [InlineData("items=0-5")]
    [InlineData("bytes=abc")]
    public async Task A_range_S3_does_not_serve_gets_the_whole_object(string range)
    {
        var (bucket, seed) = await ObjectOfAsync(Small);

        using var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/ranged", headers: [new("Range", range)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SeededBytes.Create(seed, Small), await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    private async Task<(string Bucket, ulong Seed)> ObjectOfAsync(int size)
    {
        var bucket = await CreateBucketAsync("range");
        var seed = (ulong)size * 31;
        await PutAsync(bucket, "ranged", SeededBytes.Create(seed, size));
        return (bucket, seed);
    }
}
