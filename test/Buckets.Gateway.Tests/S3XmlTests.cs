using System.Text;
using System.Xml.Linq;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class S3XmlTests
{
    private static readonly XNamespace S3 = S3Xml.Namespace;

    [Fact]
    public void Error_document_is_S3s_shape_with_its_declaration()
    {
        var xml = Encoding.UTF8.GetString(S3ErrorXml.Render(new S3Exception(S3ErrorCode.NoSuchKey, resource: "/b/k"), "REQ1"));

        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
            + "<Resource>/b/k</Resource><RequestId>REQ1</RequestId></Error>",
            xml);
    }

    [Fact]
    public void Error_document_escapes_markup_and_replaces_characters_XML_cannot_carry()
    {
        var bytes = S3ErrorXml.Render("InvalidArgument", "a < b & \"c\"", "/b/<key>&\u0001\ud83d\ude00", null);

        var root = XDocument.Parse(Encoding.UTF8.GetString(bytes)).Root!;
        Assert.Equal("a < b & \"c\"", root.Element("Message")!.Value);
        Assert.Equal("/b/<key>&\uFFFD\ud83d\ude00", root.Element("Resource")!.Value);
        Assert.Null(root.Element("RequestId"));
    }

    [Fact]
    public void Error_codes_carry_S3s_statuses()
    {
        Assert.Equal(403, S3ErrorCode.SignatureDoesNotMatch.StatusCode);
        Assert.Equal(411, S3ErrorCode.MissingContentLength.StatusCode);
        Assert.Equal(416, S3ErrorCode.InvalidRange.StatusCode);
        Assert.Equal(409, S3ErrorCode.BucketNotEmpty.StatusCode);
        Assert.Equal(501, S3ErrorCode.NotImplemented.StatusCode);
        Assert.Equal(503, S3ErrorCode.SlowDown.StatusCode);
        Assert.Equal("XAmzContentSHA256Mismatch", S3ErrorCode.XAmzContentSHA256Mismatch.Code);
    }

    [Fact]
    public async Task Bucket_listing_is_in_the_S3_namespace_with_millisecond_UTC_dates()
    {
        using var output = new MemoryStream();
        await S3Xml.WriteListAllMyBucketsAsync(output, new S3Owner("owner-id", "owner"),
        [
            new BucketEntry("alpha", new DateTimeOffset(2026, 11, 24, 9, 30, 1, 234, TimeSpan.FromHours(2))),
            new BucketEntry("b&b", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
        ], TestContext.Current.CancellationToken);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", text);
        var root = XDocument.Parse(text).Root!;
        Assert.Equal(S3 + "ListAllMyBucketsResult", root.Name);
        Assert.Equal("owner-id", root.Element(S3 + "Owner")!.Element(S3 + "ID")!.Value);
        var buckets = root.Element(S3 + "Buckets")!.Elements(S3 + "Bucket").ToList();
        Assert.Equal(["alpha", "b&b"], buckets.Select(b => b.Element(S3 + "Name")!.Value));
        Assert.Equal("2026-11-24T07:30:01.234Z", buckets[0].Element(S3 + "CreationDate")!.Value);
        Assert.Equal("2026-01-02T03:04:05.000Z", buckets[1].Element(S3 + "CreationDate")!.Value);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("us-east-1", "")]
    [InlineData("eu-west-1", "eu-west-1")]
    public async Task Location_constraint_is_empty_for_us_east_1(string? region, string expected)
    {
        using var output = new MemoryStream();
        await S3Xml.WriteLocationConstraintAsync(output, region, TestContext.Current.CancellationToken);

        var root = XDocument.Parse(Encoding.UTF8.GetString(output.ToArray())).Root!;
        Assert.Equal(S3 + "LocationConstraint", root.Name);
        Assert.Equal(expected, root.Value);
    }

    [Fact]
    public async Task Copy_result_carries_the_quoted_ETag_the_time_and_the_checksum()
    {
        using var output = new MemoryStream();
        await S3Xml.WriteCopyObjectResultAsync(output, "0123456789abcdef0123456789abcdef", new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero),
            new Checksums.ChecksumValue(Checksums.ChecksumAlgorithm.Crc64Nvme, "AAAAAAAAAAA="), TestContext.Current.CancellationToken);

        var root = XDocument.Parse(Encoding.UTF8.GetString(output.ToArray())).Root!;
        Assert.Equal(S3 + "CopyObjectResult", root.Name);
        Assert.Equal("\"0123456789abcdef0123456789abcdef\"", root.Element(S3 + "ETag")!.Value);
        Assert.Equal("2026-03-04T05:06:07.890Z", root.Element(S3 + "LastModified")!.Value);
        Assert.Equal("FULL_OBJECT", root.Element(S3 + "ChecksumType")!.Value);
        Assert.Equal("AAAAAAAAAAA=", root.Element(S3 + "ChecksumCRC64NVME")!.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delete_result_lists_deleted_keys_unless_quiet_and_always_the_errors(bool quiet)
    {
        using var output = new MemoryStream();
        await S3Xml.WriteDeleteResultAsync(output,
        [
            new DeleteOutcome(new ObjectIdentifier("a&b", null)),
            new DeleteOutcome(new ObjectIdentifier("bad", "v1"), "InvalidArgument", "Invalid version id specified"),
            new DeleteOutcome(new ObjectIdentifier("c", "null")),
        ], quiet, TestContext.Current.CancellationToken);

        var root = XDocument.Parse(Encoding.UTF8.GetString(output.ToArray())).Root!;
        Assert.Equal(S3 + "DeleteResult", root.Name);
        var deleted = root.Elements(S3 + "Deleted").ToList();
        Assert.Equal(quiet ? [] : ["a&b", "c"], deleted.Select(d => d.Element(S3 + "Key")!.Value));
        Assert.Equal(quiet ? [] : [null, "null"], deleted.Select(d => d.Element(S3 + "VersionId")?.Value));
        var error = Assert.Single(root.Elements(S3 + "Error"));
        Assert.Equal("bad", error.Element(S3 + "Key")!.Value);
        Assert.Equal("v1", error.Element(S3 + "VersionId")!.Value);
        Assert.Equal("InvalidArgument", error.Element(S3 + "Code")!.Value);
        Assert.Equal("Invalid version id specified", error.Element(S3 + "Message")!.Value);
    }
}
