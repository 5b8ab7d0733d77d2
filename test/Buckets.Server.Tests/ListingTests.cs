using System.Net;
using System.Text;
using System.Xml;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>ListObjects and ListObjectsV2 through AWSSDK.S3: paging, prefixes, delimiters, markers, the errors.</summary>
[Collection(ServerCollection.Name)]
public sealed class ListingTests(BucketsServer server) : ServerTest(server)
{
    private static readonly Comparer<string> Utf8Bytes =
        Comparer<string>.Create((a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));

    [Fact]
    public async Task Paging_with_V2_returns_every_key_once_in_UTF8_byte_order()
    {
        var bucket = await CreateBucketAsync("pagev2");
        var keys = Enumerable.Range(0, 1100).Select(i => $"k/{i % 7}/{i:D5}").ToList();
        keys.AddRange(["\uE000-private-use", "\U0001F600-emoji", "caf\u00e9", "a b+c", "..%2F"]);
        await PutManyAsync(bucket, keys);

        var listed = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 150, ContinuationToken = token }, Cancel);
            AssertRequestId(page);
            Assert.Equal(page.S3Objects?.Count ?? 0, page.KeyCount);
            Assert.True(page.KeyCount <= 150);
            listed.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(keys.Order(Utf8Bytes), listed);
        Assert.Equal(8, pages);

        var capped = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 5000 }, Cancel);
        Assert.Equal(1000, capped.KeyCount);
        Assert.True(capped.IsTruncated);
    }

    [Fact]
    public async Task A_delimiter_rolls_keys_up_into_common_prefixes_that_count_toward_max_keys()
    {
        var bucket = await CreateBucketAsync("delimiter");
        await PutManyAsync(bucket, ["photos/2026/a.jpg", "photos/2026/b.jpg", "photos/2025/c.jpg", "photos/readme", "docs/x", "top"]);

        var root = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/" }, Cancel);
        Assert.Equal(["docs/", "photos/"], root.CommonPrefixes);
        Assert.Equal(["top"], root.S3Objects.Select(o => o.Key));
        Assert.Equal(3, root.KeyCount);

        var photos = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "photos/", Delimiter = "/", MaxKeys = 2 }, Cancel);
        Assert.Equal(["photos/2025/", "photos/2026/"], photos.CommonPrefixes);
        Assert.True(photos.IsTruncated);
        var rest = await S3.ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = bucket, Prefix = "photos/", Delimiter = "/", ContinuationToken = photos.NextContinuationToken }, Cancel);
        Assert.Equal(["photos/readme"], rest.S3Objects.Select(o => o.Key));
        Assert.False(rest.IsTruncated);
    }

    [Fact]
    public async Task V1_pages_by_marker_and_names_the_next_marker()
    {
        var bucket = await CreateBucketAsync("pagev1");
        var keys = Enumerable.Range(0, 25).Select(i => $"d{i % 3}/{i:D3}").Append("z").ToList();
        await PutManyAsync(bucket, keys);

        var seen = new List<string>();
        string? marker = null;
        while (true)
        {
            var page = await S3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, MaxKeys = 4, Marker = marker }, Cancel);
            AssertRequestId(page);
            seen.AddRange(page.S3Objects.Select(o => o.Key));
            Assert.All(page.S3Objects, o => Assert.NotNull(o.Owner));
            if (page.IsTruncated != true)
            {
                break;
            }

            marker = page.NextMarker;
            Assert.Equal(seen[^1], marker);
        }

        Assert.Equal(keys.Order(Utf8Bytes), seen);

        var rolled = await S3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Delimiter = "/", MaxKeys = 2 }, Cancel);
        Assert.Equal(["d0/", "d1/"], rolled.CommonPrefixes);
        Assert.Equal("d1/", rolled.NextMarker);
        var after = await S3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Delimiter = "/", Marker = rolled.NextMarker }, Cancel);
        Assert.Equal(["d2/"], after.CommonPrefixes);
        Assert.Equal(["z"], after.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Entries_show_size_etag_and_modification_and_follow_overwrites_and_deletes()
    {
        var bucket = await CreateBucketAsync("entries");
        var small = new byte[1234];
        var big = new byte[(1024 * 1024) + 5];
        Random.Shared.NextBytes(small);
        Random.Shared.NextBytes(big);
        await PutAsync(bucket, "a", small);
        await PutAsync(bucket, "b", big);
        await PutAsync(bucket, "c", small);
        await S3.DeleteObjectAsync(bucket, "c", Cancel);
        await PutAsync(bucket, "a", big);

        var page = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, StartAfter = "" }, Cancel);

        Assert.Equal(["a", "b"], page.S3Objects.Select(o => o.Key));
        Assert.All(page.S3Objects, o =>
        {
            Assert.Equal(big.Length, o.Size);
            Assert.Equal(QuotedMd5(big), o.ETag);
            Assert.Equal("STANDARD", o.StorageClass?.Value);
            Assert.InRange(o.LastModified!.Value.ToUniversalTime(), DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
            Assert.Null(o.Owner);
        });

        var owned = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, FetchOwner = true, StartAfter = "a" }, Cancel);
        Assert.Equal(["b"], owned.S3Objects.Select(o => o.Key));
        Assert.Equal(BucketsServer.AccessKey, owned.S3Objects[0].Owner?.Id);
    }

    [Fact]
    public async Task Url_encoding_returns_keys_the_client_decodes_back()
    {
        var bucket = await CreateBucketAsync("urlenc");
        string[] keys = ["plain", "with space", "tab\there", "caf\u00e9/\U0001F600", "percent%41", "plus+sign"];
        await PutManyAsync(bucket, keys);

        var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}?list-type=2&encoding-type=url&prefix=tab");
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<Key>tab%09here</Key>", body, StringComparison.Ordinal);
        Assert.Contains("<EncodingType>url</EncodingType>", body, StringComparison.Ordinal);

        // AWSSDK.S3 hands url-encoded keys back as they came (botocore decodes them itself): form decoding restores them.
        var page = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Encoding = EncodingType.Url }, Cancel);
        Assert.Equal(keys.Order(Utf8Bytes), page.S3Objects.Select(o => WebUtility.UrlDecode(o.Key)));
    }

    [Fact]
    public async Task Without_url_encoding_listings_give_back_keys_with_control_characters_and_carriage_returns_exactly()
    {
        // Clients that list without encoding-type=url (rclone, for one) read keys out of the XML text: S3 writes the
        // characters XML 1.0 cannot hold as character references (&#x1;), and a carriage return as &#xD;, which a
        // parser would otherwise hand back as a line feed.
        var bucket = await CreateBucketAsync("ctlkeys");
        string[] keys = ["ctl\u0001a", "cr\rb", "crlf\r\nc", "lf\nd", "tab\te", "unit\u001Ff", "plain"];
        await PutManyAsync(bucket, keys);

        foreach (var query in new[] { "list-type=2", "delimiter=%2F", "versions" })
        {
            var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}?{query}");
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {body}");
            Assert.Equal(keys.Order(Utf8Bytes), XmlKeys(body));
        }
    }

    [Fact]
    public async Task Bad_listing_arguments_and_missing_buckets_get_S3_errors()
    {
        var bucket = await CreateBucketAsync("badlist");
        await PutAsync(bucket, "k", [1]);

        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket",
            () => S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = UniqueBucketName("missing") }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "InvalidArgument",
            () => S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = "!!not-a-token!!" }, Cancel));

        foreach (var query in new[] { "list-type=2&max-keys=-1", "list-type=2&max-keys=abc", "encoding-type=base64", "list-type=3" })
        {
            var response = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("<Code>InvalidArgument</Code>", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        var empty = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 0 }, Cancel);
        Assert.Equal(0, empty.KeyCount);
        Assert.False(empty.IsTruncated);
    }

    /// <summary>The text of every Key element, read as a lenient client does: character references to any character allowed.</summary>
    private static List<string> XmlKeys(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { CheckCharacters = false });
        var keys = new List<string>();
        while (!reader.EOF)
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "Key" })
            {
                keys.Add(reader.ReadElementContentAsString());
            }
            else
            {
                reader.Read();
            }
        }

        return keys;
    }

    private async Task PutManyAsync(string bucket, IReadOnlyList<string> keys)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < keys.Count)
            {
                await PutAsync(bucket, keys[i], Encoding.UTF8.GetBytes(keys[i]));
            }
        }));
    }
}
