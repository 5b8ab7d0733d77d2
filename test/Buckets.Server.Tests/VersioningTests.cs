using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>Bucket versioning through AWSSDK.S3: version ids, reads and deletes by id, delete markers, version listings.</summary>
[Collection(ServerCollection.Name)]
public sealed class VersioningTests(BucketsServer server) : ServerTest(server)
{
    [Fact]
    public async Task A_versioned_bucket_keeps_every_version_and_a_delete_only_hides_them()
    {
        var bucket = await CreateBucketAsync("versioned");
        var initial = await S3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, Cancel);
        Assert.Equal(VersionStatus.Off, initial.VersioningConfig.Status);
        await EnableAsync(bucket, VersionStatus.Enabled);
        var status = await S3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, Cancel);
        Assert.Equal(VersionStatus.Enabled, status.VersioningConfig.Status);

        var v1 = await PutAsync(bucket, "doc", "first"u8.ToArray());
        var big = new byte[(2 * 1024 * 1024) + 3];
        Random.Shared.NextBytes(big);
        var v2 = await PutAsync(bucket, "doc", big);
        var v3 = await PutAsync(bucket, "doc", "third"u8.ToArray());
        string[] ids = [v1.VersionId, v2.VersionId, v3.VersionId];
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(3, ids.Distinct().Count());

        Assert.Equal("first"u8.ToArray(), await GetVersionAsync(bucket, "doc", v1.VersionId));
        Assert.Equal(big, await GetVersionAsync(bucket, "doc", v2.VersionId));
        Assert.Equal("third"u8.ToArray(), await GetBytesAsync(bucket, "doc"));
        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "doc", VersionId = v2.VersionId }, Cancel);
        Assert.Equal(big.Length, head.ContentLength);
        Assert.Equal(v2.VersionId, head.VersionId);

        var deleted = await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "doc" }, Cancel);
        Assert.Equal("true", deleted.DeleteMarker);
        var marker = deleted.VersionId;
        Assert.False(string.IsNullOrEmpty(marker));

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey", () => S3.GetObjectAsync(bucket, "doc", Cancel));
        var raw = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/doc");
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        Assert.Equal("true", raw.Headers.GetValues("x-amz-delete-marker").Single());
        Assert.Equal(marker, raw.Headers.GetValues("x-amz-version-id").Single());
        var onMarker = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/doc?versionId={marker}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, onMarker.StatusCode);
        Assert.Equal(big, await GetVersionAsync(bucket, "doc", v2.VersionId));

        var listing = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Cancel);
        Assert.Empty(listing.S3Objects ?? []);

        var versions = await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket }, Cancel);
        Assert.Equal([marker, v3.VersionId, v2.VersionId, v1.VersionId], versions.Versions.Select(v => v.VersionId));
        Assert.Equal([true, false, false, false], versions.Versions.Select(v => v.IsDeleteMarker ?? false));
        Assert.Equal([true, false, false, false], versions.Versions.Select(v => v.IsLatest ?? false));
        Assert.Equal(big.Length, versions.Versions[2].Size);

        var undeleted = await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "doc", VersionId = marker }, Cancel);
        Assert.Equal("true", undeleted.DeleteMarker);
        Assert.Equal("third"u8.ToArray(), await GetBytesAsync(bucket, "doc"));

        await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "doc", VersionId = v3.VersionId }, Cancel);
        Assert.Equal(big, await GetBytesAsync(bucket, "doc"));
    }

    [Fact]
    public async Task ListObjectVersions_pages_by_key_and_version_markers_and_returns_each_version_once()
    {
        var bucket = await CreateBucketAsync("versionpages");
        await EnableAsync(bucket, VersionStatus.Enabled);
        var expected = new List<(string Key, string VersionId)>();
        foreach (var key in new[] { "b", "a", "c/1", "c/2" })
        {
            var written = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                written.Add((await PutAsync(bucket, key, [(byte)i])).VersionId);
            }

            written.Reverse();
            expected.AddRange(written.Select(v => (key, v)));
        }

        expected = expected.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var seen = new List<(string, string)>();
        string? keyMarker = null;
        string? versionMarker = null;
        while (true)
        {
            var page = await S3.ListVersionsAsync(
                new ListVersionsRequest { BucketName = bucket, MaxKeys = 5, KeyMarker = keyMarker, VersionIdMarker = versionMarker }, Cancel);
            seen.AddRange(page.Versions.Select(v => (v.Key, v.VersionId)));
            if (page.IsTruncated != true)
            {
                break;
            }

            (keyMarker, versionMarker) = (page.NextKeyMarker, page.NextVersionIdMarker);
        }

        Assert.Equal(expected, seen);

        var rolled = await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket, Delimiter = "/" }, Cancel);
        Assert.Equal(["c/"], rolled.CommonPrefixes);
        Assert.Equal(6, rolled.Versions.Count);
    }

    [Fact]
    public async Task While_suspended_writes_replace_the_null_version()
    {
        var bucket = await CreateBucketAsync("suspend");
        var before = await PutAsync(bucket, "k", [1]);
        Assert.Null(before.VersionId);
        await EnableAsync(bucket, VersionStatus.Enabled);
        var kept = await PutAsync(bucket, "k", [2]);
        await EnableAsync(bucket, VersionStatus.Suspended);
        var suspended = await PutAsync(bucket, "k", [3]);
        Assert.Equal("null", suspended.VersionId);

        var versions = await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket }, Cancel);
        Assert.Equal(["null", kept.VersionId], versions.Versions.Select(v => v.VersionId));
        Assert.Equal([3], await GetVersionAsync(bucket, "k", "null"));
        Assert.Equal([2], await GetVersionAsync(bucket, "k", kept.VersionId));
    }

    [Fact]
    public async Task Bad_and_unknown_version_ids_get_S3_errors()
    {
        var bucket = await CreateBucketAsync("badversion");
        await EnableAsync(bucket, VersionStatus.Enabled);
        await PutAsync(bucket, "k", [1]);

        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "InvalidArgument",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", VersionId = "not-a-version" }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchVersion",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", VersionId = new string('0', 32) }, Cancel));

        var bad = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}?versioning", "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Sideways</Status></VersioningConfiguration>"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var malformed = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}?versioning", "<VersioningConfiguration"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("MalformedXML", await malformed.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var status = await S3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, Cancel);
        Assert.Equal(VersionStatus.Enabled, status.VersioningConfig.Status);
    }

    private async Task EnableAsync(string bucket, VersionStatus status)
    {
        var response = await S3.PutBucketVersioningAsync(
            new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = status } }, Cancel);
        AssertRequestId(response);
    }

    private async Task<byte[]> GetVersionAsync(string bucket, string key, string versionId)
    {
        using var response = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId }, Cancel);
        Assert.Equal(versionId, response.VersionId);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, Cancel);
        return copy.ToArray();
    }
}
