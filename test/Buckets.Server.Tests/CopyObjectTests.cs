using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>CopyObject through the default SDK client and by hand: bytes, ETag, metadata directives, conditions and errors.</summary>
[Collection(ServerCollection.Name)]
public sealed class CopyObjectTests(BucketsServer server) : ServerTest(server)
{
    private const int MiB = 1024 * 1024;

    private const string SelfCopyMessage =
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData((128 * 1024) + 1)]
    [InlineData((5 * MiB) + 123)]
    public async Task A_copy_has_the_sources_bytes_and_the_same_MD5_ETag(int size)
    {
        var bucket = await CreateBucketAsync("copy");
        var data = SeededBytes.Create((ulong)size + 100, size);
        await PutAsync(bucket, "source", data);

        var copy = await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "source",
            DestinationBucket = bucket,
            DestinationKey = "copy",
        }, Cancel);

        AssertRequestId(copy);
        Assert.Equal(HttpStatusCode.OK, copy.HttpStatusCode);
        Assert.Equal(QuotedMd5(data), copy.ETag);
        Assert.NotNull(copy.LastModified);
        var lastModified = DateTime.Parse(copy.LastModified, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange(lastModified, DateTime.UtcNow.AddMinutes(-2), DateTime.UtcNow.AddSeconds(5));
        using var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "copy" }, Cancel);
        Assert.Equal(QuotedMd5(data), get.ETag);
        Assert.Equal(size, get.ContentLength);
        var check = await DownloadCheck.ReadAsync(get.ResponseStream, (ulong)size + 100, 0, Cancel);
        Assert.Equal(size, check.Length);
        Assert.Null(check.FirstMismatch);
        Assert.Equal(data, await GetBytesAsync(bucket, "source"));
    }

    [Fact]
    public async Task A_copy_goes_across_buckets_with_awkward_keys()
    {
        var from = await CreateBucketAsync("copyfrom");
        var to = await CreateBucketAsync("copyto");
        var data = SeededBytes.Create(3, (2 * MiB) + 9);
        const string sourceKey = "dir/ünï cødé+plus%percent?q=1&x#frag.bin";
        await PutAsync(from, sourceKey, data);

        var copy = await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = from,
            SourceKey = sourceKey,
            DestinationBucket = to,
            DestinationKey = "elsewhere/日本 copy.bin",
        }, Cancel);

        Assert.Equal(QuotedMd5(data), copy.ETag);
        Assert.Equal(data, await GetBytesAsync(to, "elsewhere/日本 copy.bin"));
        Assert.Equal(data, await GetBytesAsync(from, sourceKey));
    }

    [Theory]
    [InlineData("/{0}/{1}")]
    [InlineData("{0}/{1}")]
    [InlineData("/{0}/{1}?versionId=null")]
    public async Task The_copy_source_header_may_have_a_leading_slash_and_the_null_version(string format)
    {
        var bucket = await CreateBucketAsync("copyraw");
        await PutAsync(bucket, "a b/c", "raw copy"u8.ToArray());
        var header = string.Format(CultureInfo.InvariantCulture, format, bucket, Uri.EscapeDataString("a b/c"));

        using var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/copied", headers: [new("x-amz-copy-source", header)]);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        AssertRequestId(response);
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).Root!;
        XNamespace s3 = "http://s3.amazonaws.com/doc/2006-03-01/";
        Assert.Equal(s3 + "CopyObjectResult", root.Name);
        Assert.Equal(QuotedMd5("raw copy"u8), (string?)root.Element(s3 + "ETag"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string?)root.Element(s3 + "LastModified"));
        Assert.Equal("raw copy"u8.ToArray(), await GetBytesAsync(bucket, "copied"));
    }

    [Fact]
    public async Task By_default_the_copy_keeps_the_sources_headers_and_metadata()
    {
        var bucket = await CreateBucketAsync("copymeta");
        await PutAsync(bucket, "source", "x"u8.ToArray(), request =>
        {
            request.ContentType = "text/plain";
            request.Metadata["color"] = "blue";
            request.Headers.CacheControl = "max-age=60";
        });

        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "source",
            DestinationBucket = bucket,
            DestinationKey = "copy",

            // Without REPLACE these are ignored, as in S3.
            ContentType = "application/json",
            Metadata = { ["color"] = "red" },
        }, Cancel);

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "copy" }, Cancel);
        Assert.Equal("text/plain", head.Headers.ContentType);
        Assert.Equal("blue", head.Metadata["x-amz-meta-color"]);
        Assert.Equal("max-age=60", head.Headers.CacheControl);
    }

    [Fact]
    public async Task REPLACE_takes_the_requests_headers_and_metadata_instead()
    {
        var bucket = await CreateBucketAsync("copyreplace");
        await PutAsync(bucket, "source", "x"u8.ToArray(), request =>
        {
            request.ContentType = "text/plain";
            request.Metadata["color"] = "blue";
            request.Metadata["shape"] = "round";
        });

        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "source",
            DestinationBucket = bucket,
            DestinationKey = "copy",
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = "application/json",
            Metadata = { ["color"] = "red" },
        }, Cancel);

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "copy" }, Cancel);
        Assert.Equal("application/json", head.Headers.ContentType);
        Assert.Equal("red", head.Metadata["x-amz-meta-color"]);
        Assert.DoesNotContain("x-amz-meta-shape", head.Metadata.Keys);
        var source = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "source" }, Cancel);
        Assert.Equal("blue", source.Metadata["x-amz-meta-color"]);
    }

    [Theory]
    [InlineData(100)]
    [InlineData((3 * MiB) + 1)]
    public async Task Copying_an_object_onto_itself_needs_REPLACE(int size)
    {
        var bucket = await CreateBucketAsync("copyself");
        var data = SeededBytes.Create(5, size);
        await PutAsync(bucket, "self", data, request => request.Metadata["version"] = "1");

        var error = await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "InvalidRequest", () => S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "self",
            DestinationBucket = bucket,
            DestinationKey = "self",
        }, Cancel));
        Assert.Equal(SelfCopyMessage, error.Message);

        var copy = await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "self",
            DestinationBucket = bucket,
            DestinationKey = "self",
            MetadataDirective = S3MetadataDirective.REPLACE,
            Metadata = { ["version"] = "2" },
        }, Cancel);

        Assert.Equal(QuotedMd5(data), copy.ETag);
        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "self" }, Cancel);
        Assert.Equal("2", head.Metadata["x-amz-meta-version"]);
        Assert.Equal(data, await GetBytesAsync(bucket, "self"));
    }

    [Fact]
    public async Task The_copy_source_conditions_answer_PreconditionFailed_as_S3_does()
    {
        var bucket = await CreateBucketAsync("copyif");
        var put = await PutAsync(bucket, "source", "conditional"u8.ToArray());
        var past = DateTime.UtcNow.AddDays(-1);
        var future = DateTime.UtcNow.AddDays(1);
        const string otherETag = "\"0123456789abcdef0123456789abcdef\"";

        var failing = new Action<CopyObjectRequest>[]
        {
            r => r.ETagToMatch = otherETag,
            r => r.ETagToNotMatch = put.ETag,
            r => r.UnmodifiedSinceDate = past,
            r => r.ModifiedSinceDate = future,

            // If-None-Match decides over If-Modified-Since.
            r => (r.ETagToNotMatch, r.ModifiedSinceDate) = (put.ETag, past),
        };
        foreach (var condition in failing)
        {
            await AssertS3ErrorAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed", () => CopyAsync(bucket, condition));
        }

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "copy" }, Cancel));

        var holding = new Action<CopyObjectRequest>[]
        {
            r => r.ETagToMatch = put.ETag,
            r => r.ETagToNotMatch = otherETag,
            r => r.UnmodifiedSinceDate = future,
            r => r.ModifiedSinceDate = past,

            // If-Match decides over If-Unmodified-Since.
            r => (r.ETagToMatch, r.UnmodifiedSinceDate) = (put.ETag, past),
        };
        foreach (var condition in holding)
        {
            var copy = await CopyAsync(bucket, condition);
            Assert.Equal(put.ETag, copy.ETag);
        }
    }

    [Fact]
    public async Task A_missing_source_or_bucket_answers_404()
    {
        var bucket = await CreateBucketAsync("copymissing");
        await PutAsync(bucket, "source", [1]);
        var nowhere = UniqueBucketName("copynowhere");

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "absent", DestinationBucket = bucket, DestinationKey = "copy",
        }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket", () => S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = nowhere, SourceKey = "source", DestinationBucket = bucket, DestinationKey = "copy",
        }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket", () => S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "source", DestinationBucket = nowhere, DestinationKey = "copy",
        }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "copy" }, Cancel));
    }

    [Fact]
    public async Task A_version_other_than_null_answers_InvalidArgument()
    {
        var bucket = await CreateBucketAsync("copyversion");
        await PutAsync(bucket, "source", [1]);

        var error = await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "InvalidArgument", () => S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "source", SourceVersionId = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", DestinationBucket = bucket, DestinationKey = "copy",
        }, Cancel));

        Assert.Equal("Invalid version id specified", error.Message);
    }

    [Theory]
    [InlineData("x-amz-copy-source", "{0}")]
    [InlineData("x-amz-copy-source", "/{0}/")]
    [InlineData("x-amz-copy-source", "")]
    [InlineData("x-amz-metadata-directive", "MERGE")]
    public async Task A_malformed_copy_request_answers_InvalidArgument(string header, string value)
    {
        var bucket = await CreateBucketAsync("copybad");
        await PutAsync(bucket, "source", [1]);
        List<KeyValuePair<string, string>> headers = header == "x-amz-copy-source"
            ? [new(header, string.Format(CultureInfo.InvariantCulture, value, bucket))]
            : [new("x-amz-copy-source", $"/{bucket}/source"), new(header, value)];

        using var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/copy", headers: headers);

        await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "copy" }, Cancel));
    }

    [Fact]
    public async Task REPLACE_metadata_over_2_KiB_answers_MetadataTooLarge()
    {
        var bucket = await CreateBucketAsync("copybigmeta");
        await PutAsync(bucket, "source", [1]);

        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "MetadataTooLarge", () => S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "source",
            DestinationBucket = bucket,
            DestinationKey = "copy",
            MetadataDirective = S3MetadataDirective.REPLACE,
            Metadata = { ["big"] = new string('m', 2100) },
        }, Cancel));
    }

    [Theory]
    [InlineData(3000)]
    [InlineData((2 * MiB) + 11)]
    public async Task The_copy_keeps_the_sources_checksum_or_computes_the_one_asked_for(int size)
    {
        var bucket = await CreateBucketAsync("copychecksum");
        var data = SeededBytes.Create(9, size);
        var put = await PutAsync(bucket, "source", data, request => request.ChecksumAlgorithm = ChecksumAlgorithm.SHA256);
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(data)), put.ChecksumSHA256);

        var kept = await CopyAsync(bucket, _ => { });
        Assert.Equal(put.ChecksumSHA256, kept.ChecksumSHA256);

        var changed = await CopyAsync(bucket, r => (r.DestinationKey, r.ChecksumAlgorithm) = ("crc32c", ChecksumAlgorithm.CRC32C));
        var crc32c = ReferenceChecksums.Base64("CRC32C", data);
        Assert.Equal(crc32c, changed.ChecksumCRC32C);
        Assert.Null(changed.ChecksumSHA256);

        using var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "crc32c", ChecksumMode = ChecksumMode.ENABLED }, Cancel);
        Assert.Equal(crc32c, get.ChecksumCRC32C);
        Assert.Null((await DownloadCheck.ReadAsync(get.ResponseStream, 9, 0, Cancel)).FirstMismatch);
    }

    [Fact]
    public async Task An_unknown_checksum_algorithm_answers_InvalidRequest()
    {
        var bucket = await CreateBucketAsync("copybadalgo");
        await PutAsync(bucket, "source", [1]);

        using var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/copy",
            headers: [new("x-amz-copy-source", $"/{bucket}/source"), new("x-amz-checksum-algorithm", "MD4")]);

        await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
    }

    private async Task<CopyObjectResponse> CopyAsync(string bucket, Action<CopyObjectRequest> configure)
    {
        var request = new CopyObjectRequest { SourceBucket = bucket, SourceKey = "source", DestinationBucket = bucket, DestinationKey = "copy" };
        configure(request);
        var response = await S3.CopyObjectAsync(request, Cancel);
        AssertRequestId(response);
        return response;
    }
}
