using System.Net;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class BucketTests(BucketsServer server) : ServerTest(server)
{
    [Fact]
    public async Task A_bucket_is_created_listed_headed_located_and_deleted()
    {
        var before = DateTime.UtcNow;
        var name = UniqueBucketName("ops");

        var created = await S3.PutBucketAsync(new PutBucketRequest { BucketName = name }, Cancel);
        Assert.Equal(HttpStatusCode.OK, created.HttpStatusCode);
        AssertRequestId(created);

        var listed = await S3.ListBucketsAsync(new ListBucketsRequest(), Cancel);
        AssertRequestId(listed);
        var entry = Assert.Single(listed.Buckets ?? [], b => b.BucketName == name);
        var creation = Assert.NotNull(entry.CreationDate).ToUniversalTime();
        Assert.InRange(creation, before.AddSeconds(-5), DateTime.UtcNow.AddSeconds(5));

        var head = await S3.HeadBucketAsync(new HeadBucketRequest { BucketName = name }, Cancel);
        Assert.Equal(HttpStatusCode.OK, head.HttpStatusCode);
        AssertRequestId(head);

        var location = await S3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = name }, Cancel);
        AssertRequestId(location);
        Assert.Contains(location.Location?.Value ?? string.Empty, (string[])["", "us-east-1"]);

        var deleted = await S3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = name }, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        AssertRequestId(deleted);

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, null, () => S3.HeadBucketAsync(new HeadBucketRequest { BucketName = name }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket", () => PutAsync(name, "after-delete", [1]));
        var after = await S3.ListBucketsAsync(new ListBucketsRequest(), Cancel);
        Assert.DoesNotContain(after.Buckets ?? [], b => b.BucketName == name);
    }

    [Fact]
    public async Task ListBuckets_lists_buckets_in_name_order()
    {
        await CreateBucketAsync("order-b");
        await CreateBucketAsync("order-a");

        var listed = await S3.ListBucketsAsync(new ListBucketsRequest(), Cancel);

        var names = (listed.Buckets ?? []).Select(b => b.BucketName).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task A_recreated_bucket_starts_empty()
    {
        var bucket = await CreateBucketAsync("recreate");
        await PutAsync(bucket, "small", [1, 2, 3]);
        await PutAsync(bucket, "large", SeededBytes.Create(5, (2 * 1024 * 1024) + 1));
        await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "small" }, Cancel);
        await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "large" }, Cancel);
        await S3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket }, Cancel);

        await S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, Cancel);

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "small" }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "large" }, Cancel));
        var deleted = await S3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket }, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
    }

    [Fact]
    public async Task GetBucketLocation_reports_us_east_1_as_an_empty_constraint()
    {
        var bucket = await CreateBucketAsync("location");

        using var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}?location");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertRequestId(response);
        var root = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).Root!;
        Assert.Equal("LocationConstraint", root.Name.LocalName);
        Assert.Equal(string.Empty, root.Value);
    }

    [Fact]
    public async Task Operations_on_a_missing_bucket_answer_NoSuchBucket()
    {
        var missing = UniqueBucketName("missing");

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = missing, Key = "k" }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket",
            () => PutAsync(missing, "k", [1, 2, 3]));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket",
            () => S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = missing, Key = "k" }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket",
            () => S3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = missing }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket",
            () => S3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = missing }, Cancel));

        // HEAD answers carry no body: the status and the request id are all there is.
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, null, () => S3.HeadBucketAsync(new HeadBucketRequest { BucketName = missing }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, null,
            () => S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = missing, Key = "k" }, Cancel));
    }

    [Fact]
    public async Task Raw_requests_on_a_missing_bucket_answer_NoSuchBucket_XML()
    {
        var missing = UniqueBucketName("missing");

        using var get = await Raw.SendAsync(HttpMethod.Get, $"/{missing}/k");
        await S3Error.AssertAsync(get, HttpStatusCode.NotFound, "NoSuchBucket");
        using var put = await Raw.SendAsync(HttpMethod.Put, $"/{missing}/k", "data"u8.ToArray());
        await S3Error.AssertAsync(put, HttpStatusCode.NotFound, "NoSuchBucket");
        using var head = await Raw.SendAsync(HttpMethod.Head, $"/{missing}");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        AssertRequestId(head);
    }

    [Fact]
    public async Task Creating_a_bucket_twice_answers_BucketAlreadyOwnedByYou()
    {
        var bucket = await CreateBucketAsync("twice");

        await AssertS3ErrorAsync(HttpStatusCode.Conflict, "BucketAlreadyOwnedByYou",
            () => S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, Cancel));
    }

    [Fact]
    public async Task A_bucket_with_an_object_cannot_be_deleted_until_the_object_is()
    {
        var bucket = await CreateBucketAsync("notempty");
        await PutAsync(bucket, "keep", "x"u8.ToArray());

        await AssertS3ErrorAsync(HttpStatusCode.Conflict, "BucketNotEmpty",
            () => S3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket }, Cancel));
        Assert.Equal("x"u8.ToArray(), await GetBytesAsync(bucket, "keep"));

        await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "keep" }, Cancel);
        var deleted = await S3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket }, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("under_score")]
    [InlineData("ab")]
    [InlineData("a-very-long-bucket-name-that-is-longer-than-sixty-three-characters")]
    [InlineData("192.168.1.1")]
    [InlineData("double..dot")]
    [InlineData("-leading-dash")]
    [InlineData("xn--punycode")]
    public async Task An_invalid_bucket_name_answers_InvalidBucketName(string name)
    {
        using var response = await Raw.SendAsync(HttpMethod.Put, "/" + name);

        await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, "InvalidBucketName");
        var listed = await S3.ListBucketsAsync(new ListBucketsRequest(), Cancel);
        Assert.DoesNotContain(listed.Buckets ?? [], b => b.BucketName == name);
    }
}
