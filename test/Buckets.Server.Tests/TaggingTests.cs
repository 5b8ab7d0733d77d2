using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>Object tagging through AWSSDK.S3: the ?tagging operations, x-amz-tagging on writes and copies, versions, and S3's limits.</summary>
[Collection(ServerCollection.Name)]
public sealed class TaggingTests(BucketsServer server) : ServerTest(server)
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData(5_000)]
    [InlineData(700_000)]
    public async Task Tags_are_put_read_and_deleted_without_touching_the_bytes_the_etag_or_last_modified(int size)
    {
        var bucket = await CreateBucketAsync("tags");
        var data = RandomNumberGenerator.GetBytes(size);
        await PutAsync(bucket, "obj", data);
        var before = await S3.GetObjectMetadataAsync(bucket, "obj", Cancel);
        Assert.Empty((await GetTagsAsync(bucket, "obj")).Tagging);

        await Task.Delay(1100, Cancel);
        var tags = new List<Tag> { new() { Key = "project", Value = "blue sky" }, new() { Key = "Ünïcode 键", Value = "värde/=+-.:_@" }, new() { Key = "empty", Value = "" } };
        var put = await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "obj", Tagging = new Tagging { TagSet = tags } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);

        var read = await GetTagsAsync(bucket, "obj");
        Assert.Equal(tags.Select(t => (t.Key, t.Value)), read.Tagging.Select(t => (t.Key, t.Value ?? "")));
        using (var get = await S3.GetObjectAsync(bucket, "obj", Cancel))
        {
            Assert.Equal(3, get.TagCount);
            Assert.Equal(before.ETag, get.ETag);
            Assert.Equal(before.LastModified, get.LastModified);
            using var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy, Cancel);
            Assert.Equal(data, copy.ToArray());
        }

        var head = await Raw.SendAsync(HttpMethod.Head, $"/{bucket}/obj");
        Assert.Equal("3", head.Headers.GetValues("x-amz-tagging-count").Single());

        // A new tag set replaces the old one whole.
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "obj", Tagging = new Tagging { TagSet = [new() { Key = "only", Value = "one" }] } }, Cancel);
        Assert.Equal([("only", "one")], (await GetTagsAsync(bucket, "obj")).Tagging.Select(t => (t.Key, t.Value)));

        var deleted = await S3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = bucket, Key = "obj" }, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        Assert.Empty((await GetTagsAsync(bucket, "obj")).Tagging);
        var untagged = await Raw.SendAsync(HttpMethod.Head, $"/{bucket}/obj");
        Assert.False(untagged.Headers.Contains("x-amz-tagging-count"));
        var after = await S3.GetObjectMetadataAsync(bucket, "obj", Cancel);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.LastModified, after.LastModified);
        Assert.Equal(data, await GetBytesAsync(bucket, "obj"));
    }

    [Fact]
    public async Task A_put_a_multipart_upload_and_a_copy_take_their_tags_from_x_amz_tagging()
    {
        var bucket = await CreateBucketAsync("tagwrite");
        await PutAsync(bucket, "put", "x"u8.ToArray(), r => r.TagSet = [new() { Key = "a b", Value = "1+1=2" }, new() { Key = "c", Value = "d" }]);
        Assert.Equal([("a b", "1+1=2"), ("c", "d")], (await GetTagsAsync(bucket, "put")).Tagging.Select(t => (t.Key, t.Value)));

        // By hand, as boto encodes it: '+' for a space, %2B for a plus.
        var raw = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/raw", "y"u8.ToArray(), [new("x-amz-tagging", "team=data+eng&sum=1%2B1")]);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal([("team", "data eng"), ("sum", "1+1")], (await GetTagsAsync(bucket, "raw")).Tagging.Select(t => (t.Key, t.Value)));

        var create = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "mpu", TagSet = [new() { Key = "stage", Value = "final" }] }, Cancel);
        var part = RandomNumberGenerator.GetBytes(MiB);
        var uploaded = await S3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "mpu", UploadId = create.UploadId, PartNumber = 1, InputStream = new MemoryStream(part) }, Cancel);
        await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "mpu", UploadId = create.UploadId, PartETags = [new PartETag(1, uploaded.ETag)],
        }, Cancel);
        Assert.Equal([("stage", "final")], (await GetTagsAsync(bucket, "mpu")).Tagging.Select(t => (t.Key, t.Value)));
        Assert.Equal(part, await GetBytesAsync(bucket, "mpu"));

        // COPY (the default) keeps the source's tags; REPLACE takes the request's, or none.
        await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "mpu", DestinationBucket = bucket, DestinationKey = "copied", TagSet = [new() { Key = "ignored", Value = "x" }] }, Cancel);
        Assert.Equal([("stage", "final")], (await GetTagsAsync(bucket, "copied")).Tagging.Select(t => (t.Key, t.Value)));
        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "mpu", DestinationBucket = bucket, DestinationKey = "replaced",
            TaggingDirective = TaggingDirective.REPLACE, TagSet = [new() { Key = "new", Value = "tag" }],
        }, Cancel);
        Assert.Equal([("new", "tag")], (await GetTagsAsync(bucket, "replaced")).Tagging.Select(t => (t.Key, t.Value)));
        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "mpu", DestinationBucket = bucket, DestinationKey = "cleared", TaggingDirective = TaggingDirective.REPLACE,
        }, Cancel);
        Assert.Empty((await GetTagsAsync(bucket, "cleared")).Tagging);
        Assert.Equal(part, await GetBytesAsync(bucket, "cleared"));

        var unknown = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/odd", null, [new("x-amz-copy-source", $"/{bucket}/put"), new("x-amz-tagging-directive", "MERGE")]);
        await S3Error.AssertAsync(unknown, HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task In_a_versioned_bucket_each_version_has_its_own_tags()
    {
        var bucket = await CreateBucketAsync("tagver");
        await S3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } }, Cancel);
        var v1 = (await PutAsync(bucket, "doc", "one"u8.ToArray(), r => r.TagSet = [new() { Key = "v", Value = "1" }])).VersionId;
        var v2 = (await PutAsync(bucket, "doc", RandomNumberGenerator.GetBytes(300_000))).VersionId;

        var latest = await GetTagsAsync(bucket, "doc");
        Assert.Empty(latest.Tagging);
        Assert.Equal(v2, latest.VersionId);
        var first = await GetTagsAsync(bucket, "doc", v1);
        Assert.Equal([("v", "1")], first.Tagging.Select(t => (t.Key, t.Value)));
        Assert.Equal(v1, first.VersionId);

        var put = await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "doc", VersionId = v1, Tagging = new Tagging { TagSet = [new() { Key = "v", Value = "one" }] } }, Cancel);
        Assert.Equal(v1, put.VersionId);
        Assert.Equal([("v", "one")], (await GetTagsAsync(bucket, "doc", v1)).Tagging.Select(t => (t.Key, t.Value)));
        Assert.Empty((await GetTagsAsync(bucket, "doc")).Tagging);
        Assert.Equal("one"u8.ToArray(), await GetVersionAsync(bucket, "doc", v1));
        using (var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "doc", VersionId = v1 }, Cancel))
        {
            Assert.Equal(1, get.TagCount);
        }

        var deleted = await S3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = bucket, Key = "doc", VersionId = v1 }, Cancel);
        Assert.Equal(v1, deleted.VersionId);
        Assert.Empty((await GetTagsAsync(bucket, "doc", v1)).Tagging);

        // The version list is unchanged by tag switches: same ids, same order.
        var versions = await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket }, Cancel);
        Assert.Equal([v2, v1], versions.Versions.Select(v => v.VersionId));

        var marker = (await S3.DeleteObjectAsync(bucket, "doc", Cancel)).VersionId;
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => GetTagsAsync(bucket, "doc"));
        await AssertS3ErrorAsync(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", () => GetTagsAsync(bucket, "doc", marker));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchVersion", () => GetTagsAsync(bucket, "doc", "0123456789abcdef0123456789abcdef"));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => GetTagsAsync(bucket, "missing"));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey",
            () => S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "missing", Tagging = new Tagging { TagSet = [new() { Key = "a", Value = "b" }] } }, Cancel));
    }

    public static TheoryData<string, string, string> RefusedTagSets => new()
    {
        { "eleven tags", string.Concat(Enumerable.Range(0, 11).Select(i => Tag($"k{i}", "v"))), "BadRequest" },
        { "key of 129 characters", Tag(new string('k', 129), "v"), "InvalidTag" },
        { "value of 257 characters", Tag("k", new string('v', 257)), "InvalidTag" },
        { "the same key twice", Tag("k", "1") + Tag("k", "2"), "InvalidTag" },
        { "empty key", Tag("", "v"), "InvalidTag" },
        { "a * in a key", Tag("a*b", "v"), "InvalidTag" },
        { "a # in a value", Tag("k", "#1"), "InvalidTag" },
        { "the aws: prefix", Tag("aws:owner", "me"), "InvalidTag" },
    };

    [Theory]
    [MemberData(nameof(RefusedTagSets))]
    public async Task PutObjectTagging_refuses_what_S3_refuses_and_keeps_the_tags_it_had(string what, string tags, string code)
    {
        var bucket = await CreateBucketAsync("badtags");
        await PutAsync(bucket, "obj", "x"u8.ToArray(), r => r.TagSet = [new() { Key = "kept", Value = "yes" }]);

        var response = await PutTaggingRawAsync(bucket, "obj", $"<Tagging><TagSet>{tags}</TagSet></Tagging>");
        await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, code);
        Assert.True((await GetTagsAsync(bucket, "obj")).Tagging.Select(t => t.Key).SequenceEqual(["kept"]), what);
    }

    [Fact]
    public async Task The_limits_count_unicode_characters_not_bytes()
    {
        var bucket = await CreateBucketAsync("tagunicode");
        await PutAsync(bucket, "obj", "x"u8.ToArray());

        // 128 letters outside the BMP: 256 UTF-16 units, 512 UTF-8 bytes, 128 characters.
        var key = string.Concat(Enumerable.Repeat("𝔸", 128));
        var value = string.Concat(Enumerable.Repeat("ö", 256));
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "obj", Tagging = new Tagging { TagSet = [new() { Key = key, Value = value }] } }, Cancel);
        Assert.Equal([(key, value)], (await GetTagsAsync(bucket, "obj")).Tagging.Select(t => (t.Key, t.Value)));

        var ten = Enumerable.Range(0, 10).Select(i => new Tag { Key = $"k{i}", Value = $"v{i}" }).ToList();
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "obj", Tagging = new Tagging { TagSet = ten } }, Cancel);
        Assert.Equal(10, (await GetTagsAsync(bucket, "obj")).Tagging.Count);
    }

    [Theory]
    [InlineData("<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>")]
    [InlineData("<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>")]
    [InlineData("<Tagging></Tagging>")]
    [InlineData("<Tags><TagSet/></Tags>")]
    [InlineData("<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value><Other/></Tag></TagSet></Tagging>")]
    [InlineData("<Tagging><TagSet>")]
    public async Task A_tagging_document_that_is_not_one_is_MalformedXML(string document)
    {
        var bucket = await CreateBucketAsync("tagxml");
        await PutAsync(bucket, "obj", "x"u8.ToArray());
        await S3Error.AssertAsync(await PutTaggingRawAsync(bucket, "obj", document), HttpStatusCode.BadRequest, "MalformedXML");
    }

    [Fact]
    public async Task PutObjectTagging_needs_an_integrity_check_and_an_empty_tag_set_removes_the_tags()
    {
        var bucket = await CreateBucketAsync("tagmd5");
        await PutAsync(bucket, "obj", "x"u8.ToArray(), r => r.TagSet = [new() { Key = "a", Value = "b" }]);
        var body = "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet/></Tagging>"u8.ToArray();
        var unchecked_ = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/obj?tagging", body);
        await S3Error.AssertAsync(unchecked_, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Single((await GetTagsAsync(bucket, "obj")).Tagging);

        var emptied = await PutTaggingRawAsync(bucket, "obj", Encoding.UTF8.GetString(body));
        Assert.Equal(HttpStatusCode.OK, emptied.StatusCode);
        Assert.Empty((await GetTagsAsync(bucket, "obj")).Tagging);
    }

    [Theory]
    [InlineData("a=1&a=2", "InvalidArgument")]
    [InlineData("k0=0&k1=1&k2=2&k3=3&k4=4&k5=5&k6=6&k7=7&k8=8&k9=9&k10=10", "BadRequest")]
    [InlineData("bad%2Akey=1", "InvalidTag")]
    public async Task A_write_with_a_refused_x_amz_tagging_header_stores_nothing(string header, string code)
    {
        var bucket = await CreateBucketAsync("taghdr");
        var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/obj", "x"u8.ToArray(), [new("x-amz-tagging", header)]);
        await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, code);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, null, () => S3.GetObjectMetadataAsync(bucket, "obj", Cancel));
    }

    private static string Tag(string key, string value) => $"<Tag><Key>{key}</Key><Value>{value}</Value></Tag>";

    private Task<HttpResponseMessage> PutTaggingRawAsync(string bucket, string key, string document)
    {
        var body = Encoding.UTF8.GetBytes(document);
        return Raw.SendAsync(HttpMethod.Put, $"/{bucket}/{key}?tagging", body, [new("Content-MD5", Convert.ToBase64String(MD5.HashData(body)))]);
    }

    private async Task<GetObjectTaggingResponse> GetTagsAsync(string bucket, string key, string? versionId = null)
    {
        var response = await S3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = key, VersionId = versionId }, Cancel);
        AssertRequestId(response);
        response.Tagging ??= [];
        return response;
    }

    private async Task<byte[]> GetVersionAsync(string bucket, string key, string versionId)
    {
        using var response = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId }, Cancel);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, Cancel);
        return copy.ToArray();
    }
}
