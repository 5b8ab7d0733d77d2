using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>DeleteObjects (POST /bucket?delete) through the default SDK client and by hand: results per key, quiet mode, integrity checks.</summary>
[Collection(ServerCollection.Name)]
public sealed class DeleteObjectsTests(BucketsServer server) : ServerTest(server)
{
    private static readonly XNamespace S3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    [Fact]
    public async Task The_SDK_deletes_several_keys_and_a_missing_one_is_reported_deleted()
    {
        var bucket = await CreateBucketAsync("delmany");
        await PutAsync(bucket, "a", "a"u8.ToArray());
        await PutAsync(bucket, "dir/b", SeededBytes.Create(1, (1024 * 1024) + 5));
        await PutAsync(bucket, "keep", "keep"u8.ToArray());

        var response = await S3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "a" }, new KeyVersion { Key = "dir/b" }, new KeyVersion { Key = "never-written" }],
        }, Cancel);

        AssertRequestId(response);
        Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode);
        Assert.Equal(["a", "dir/b", "never-written"], response.DeletedObjects.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.Empty(response.DeleteErrors ?? []);
        foreach (var key in (string[])["a", "dir/b"])
        {
            await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, Cancel));
        }

        Assert.Equal("keep"u8.ToArray(), await GetBytesAsync(bucket, "keep"));
    }

    [Fact]
    public async Task Quiet_mode_reports_only_the_keys_that_failed()
    {
        var bucket = await CreateBucketAsync("delquiet");
        await PutAsync(bucket, "one", [1]);
        await PutAsync(bucket, "two", [2]);
        var tooLong = new string('k', 1025);

        var response = await DeleteReportingErrorsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Quiet = true,
            Objects = [new KeyVersion { Key = "one" }, new KeyVersion { Key = tooLong }, new KeyVersion { Key = "two" }],
        });

        Assert.Empty(response.DeletedObjects ?? []);
        var error = Assert.Single(response.DeleteErrors);
        Assert.Equal(tooLong, error.Key);
        Assert.Equal("KeyTooLongError", error.Code);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "two" }, Cancel));
    }

    [Fact]
    public async Task Invalid_keys_and_versions_are_reported_per_key_while_the_rest_are_deleted()
    {
        var bucket = await CreateBucketAsync("delinvalid");
        await PutAsync(bucket, "valid", [1]);
        await PutAsync(bucket, "versioned", [2]);
        await PutAsync(bucket, "other-version", [3]);
        var longest = new string('é', 512);
        await PutAsync(bucket, longest, [4]);

        var response = await DeleteReportingErrorsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects =
            [
                new KeyVersion { Key = "valid" },
                new KeyVersion { Key = longest + "x" },
                new KeyVersion { Key = longest },
                new KeyVersion { Key = "versioned", VersionId = "null" },
                new KeyVersion { Key = "other-version", VersionId = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY" },
            ],
        });

        Assert.Equal(["valid", longest, "versioned"], response.DeletedObjects.Select(d => d.Key));
        Assert.Equal("null", response.DeletedObjects.Single(d => d.Key == "versioned").VersionId);
        Assert.Equal(2, response.DeleteErrors.Count);
        Assert.Equal("KeyTooLongError", response.DeleteErrors.Single(e => e.Key == longest + "x").Code);
        var version = response.DeleteErrors.Single(e => e.Key == "other-version");
        Assert.Equal("InvalidArgument", version.Code);
        Assert.Equal("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", version.VersionId);
        Assert.Equal([3], await GetBytesAsync(bucket, "other-version"));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = longest }, Cancel));
    }

    [Fact]
    public async Task An_empty_key_is_reported_as_an_error_of_its_own()
    {
        var bucket = await CreateBucketAsync("delempty");
        await PutAsync(bucket, "x", [1]);

        var result = await PostDeleteAsync(bucket, "<Delete><Object><Key></Key></Object><Object><Key>x</Key></Object></Delete>");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var error = Assert.Single(result.Root.Elements(S3Namespace + "Error"));
        Assert.Equal(string.Empty, (string?)error.Element(S3Namespace + "Key"));
        Assert.Equal("InvalidArgument", (string?)error.Element(S3Namespace + "Code"));
        Assert.Equal("x", (string?)Assert.Single(result.Root.Elements(S3Namespace + "Deleted")).Element(S3Namespace + "Key"));
    }

    [Fact]
    public async Task A_key_of_spaces_is_a_key()
    {
        var bucket = await CreateBucketAsync("delspace");
        await PutAsync(bucket, "  ", [1]);
        await PutAsync(bucket, "keep", [2]);

        var response = await S3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [new KeyVersion { Key = "  " }] }, Cancel);

        Assert.Equal("  ", Assert.Single(response.DeletedObjects).Key);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "  " }, Cancel));
        Assert.Equal([2], await GetBytesAsync(bucket, "keep"));
    }

    [Fact]
    public async Task The_SDK_may_delete_1000_keys_in_one_request_but_not_1001()
    {
        var bucket = await CreateBucketAsync("del1000");
        await PutAsync(bucket, "key-0000", [0]);
        await PutAsync(bucket, "key-0999", [9]);
        await PutAsync(bucket, "key-1000", [1]);

        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "MalformedXML", () => S3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [.. Enumerable.Range(0, 1001).Select(i => new KeyVersion { Key = $"key-{i:D4}" })],
        }, Cancel));
        Assert.Equal([0], await GetBytesAsync(bucket, "key-0000"));

        var response = await S3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [.. Enumerable.Range(0, 1000).Select(i => new KeyVersion { Key = $"key-{i:D4}" })],
        }, Cancel);

        Assert.Equal(1000, response.DeletedObjects.Count);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "key-0999" }, Cancel));
        Assert.Equal([1], await GetBytesAsync(bucket, "key-1000"));
    }

    [Fact]
    public async Task A_missing_bucket_answers_NoSuchBucket()
    {
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket", () => S3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = UniqueBucketName("delnobucket"),
            Objects = [new KeyVersion { Key = "k" }],
        }, Cancel));
    }

    [Fact]
    public async Task A_body_without_Content_MD5_or_checksum_is_refused_and_deletes_nothing()
    {
        var bucket = await CreateBucketAsync("delnomd5");
        await PutAsync(bucket, "k", [1]);

        using var response = await Raw.SendAsync(HttpMethod.Post, $"/{bucket}?delete", Encoding.UTF8.GetBytes("<Delete><Object><Key>k</Key></Object></Delete>"));

        var error = await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Equal("Missing required header for this request: Content-MD5", error.Message);
        Assert.Equal([1], await GetBytesAsync(bucket, "k"));
    }

    [Fact]
    public async Task A_body_with_Content_MD5_alone_is_accepted()
    {
        var bucket = await CreateBucketAsync("delmd5");
        await PutAsync(bucket, "k", [1]);

        var result = await PostDeleteAsync(bucket, "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>k</Key></Object></Delete>");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("k", (string?)Assert.Single(result.Root.Elements(S3Namespace + "Deleted")).Element(S3Namespace + "Key"));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k" }, Cancel));
    }

    [Theory]
    [InlineData("Content-MD5")]
    [InlineData("x-amz-checksum-crc32")]
    [InlineData("x-amz-checksum-sha256")]
    public async Task A_digest_that_does_not_match_the_body_answers_BadDigest_and_deletes_nothing(string header)
    {
        var bucket = await CreateBucketAsync("delbaddigest");
        await PutAsync(bucket, "k", [1]);
        var body = Encoding.UTF8.GetBytes("<Delete><Object><Key>k</Key></Object></Delete>");
        var other = Encoding.UTF8.GetBytes("<Delete><Object><Key>x</Key></Object></Delete>");
        var digest = header switch
        {
            "Content-MD5" => Convert.ToBase64String(MD5.HashData(other)),
            "x-amz-checksum-crc32" => Convert.ToBase64String(Crc32BigEndian(other)),
            _ => Convert.ToBase64String(SHA256.HashData(other)),
        };

        using var response = await Raw.SendAsync(HttpMethod.Post, $"/{bucket}?delete", body, headers: [new(header, digest)]);

        await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, "BadDigest");
        Assert.Equal([1], await GetBytesAsync(bucket, "k"));
    }

    [Theory]
    [InlineData("<Delete><Object><Key>k</Key></Object>")]
    [InlineData("<Delete></Delete>")]
    [InlineData("<Delete><Object><VersionId>null</VersionId></Object></Delete>")]
    [InlineData("<Delete><Object><Key>k</Key><Unknown/></Object></Delete>")]
    [InlineData("<Delete><Quiet>maybe</Quiet><Object><Key>k</Key></Object></Delete>")]
    [InlineData("<Remove><Object><Key>k</Key></Object></Remove>")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_Delete_document_answers_MalformedXML_and_deletes_nothing(string xml)
    {
        var bucket = await CreateBucketAsync("delmalformed");
        await PutAsync(bucket, "k", [1]);

        var result = await PostDeleteAsync(bucket, xml);

        S3Error.Assert(result.Raw, HttpStatusCode.BadRequest, "MalformedXML");
        Assert.Equal([1], await GetBytesAsync(bucket, "k"));
    }

    /// <summary>The SDK throws when any key failed; the exception carries the whole result, which is what these tests read.</summary>
    private async Task<DeleteObjectsResponse> DeleteReportingErrorsAsync(DeleteObjectsRequest request)
    {
        var error = await Assert.ThrowsAsync<Amazon.S3.DeleteObjectsException>(() => S3.DeleteObjectsAsync(request, Cancel));
        Assert.Equal(HttpStatusCode.OK, error.Response.HttpStatusCode);
        AssertRequestId(error.Response);
        return error.Response;
    }

    /// <summary>A hand-made DeleteObjects request with a correct Content-MD5; the answer parsed when it is XML.</summary>
    private async Task<(HttpStatusCode Status, XElement Root, RawResponse Raw)> PostDeleteAsync(string bucket, string xml)
    {
        var body = Encoding.UTF8.GetBytes(xml);
        using var response = await Raw.SendAsync(HttpMethod.Post, $"/{bucket}?delete", body,
            headers: [new("Content-MD5", Convert.ToBase64String(MD5.HashData(body)))]);
        AssertRequestId(response);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(',', h.Value), StringComparer.OrdinalIgnoreCase);
        var root = response.StatusCode == HttpStatusCode.OK ? XDocument.Parse(text).Root! : new XElement("none");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal(S3Namespace + "DeleteResult", root.Name);
        }

        return (response.StatusCode, root, new RawResponse((int)response.StatusCode, headers, text));
    }

    private static byte[] Crc32BigEndian(byte[] data)
    {
        var crc = System.IO.Hashing.Crc32.HashToUInt32(data);
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, crc);
        return bytes;
    }
}
