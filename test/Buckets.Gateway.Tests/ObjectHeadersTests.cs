using Buckets.Gateway.Checksums;
using Buckets.Gateway.Errors;
using Buckets.Gateway.S3;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class ObjectHeadersTests
{
    [Fact]
    public void User_metadata_of_exactly_2_KiB_of_names_and_values_is_kept()
    {
        // "ab" + 1,022 bytes, and "c" + "é" (2 bytes) + 1,021: 2,048 bytes of UTF-8, prefixes not counted.
        var headers = ObjectHeaders.FromRequest(Request(("x-amz-meta-ab", new string('v', 1022)), ("x-amz-meta-c", "é" + new string('w', 1021))));

        Assert.Equal(new string('v', 1022), headers["x-amz-meta-ab"]);
        Assert.Equal("binary/octet-stream", headers["Content-Type"]);
    }

    [Fact]
    public void One_byte_more_is_MetadataTooLarge()
    {
        var error = Assert.Throws<S3Exception>(() =>
            ObjectHeaders.FromRequest(Request(("x-amz-meta-ab", new string('v', 1022)), ("x-amz-meta-c", "éü" + new string('w', 1020)))));

        Assert.Equal(S3ErrorCode.MetadataTooLarge, error.Error);
    }

    [Fact]
    public void Checksum_headers_of_a_request_are_not_kept_as_metadata()
    {
        var headers = ObjectHeaders.FromRequest(Request(("x-amz-checksum-crc32", "AAAAAA=="), ("Content-Type", "text/plain")));

        Assert.Null(ObjectHeaders.ChecksumOf(headers));
        Assert.Equal("text/plain", headers["Content-Type"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_stored_checksum_is_written_only_when_asked_for(bool include)
    {
        var stored = ObjectHeaders.WithChecksum(new Dictionary<string, string> { ["Content-Type"] = "text/plain", ["x-amz-checksum-sha1"] = "old" },
            new ChecksumValue(ChecksumAlgorithm.Crc32C, "yZRlqg=="));
        var response = new DefaultHttpContext().Response;

        ObjectHeaders.WriteTo(response, stored, include);

        Assert.Equal("text/plain", response.Headers.ContentType.ToString());
        Assert.False(response.Headers.ContainsKey("x-amz-checksum-sha1"));
        Assert.Equal(include ? "yZRlqg==" : string.Empty, response.Headers["x-amz-checksum-crc32c"].ToString());
        Assert.Equal(include ? "FULL_OBJECT" : string.Empty, response.Headers["x-amz-checksum-type"].ToString());
    }

    [Theory]
    [InlineData("ENABLED", null, true)]
    [InlineData("enabled", null, true)]
    [InlineData(null, "ENABLED", true)]
    [InlineData("DISABLED", null, false)]
    [InlineData(null, null, false)]
    public void Checksum_mode_comes_from_the_header_or_a_presigned_query(string? header, string? query, bool enabled)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers["x-amz-checksum-mode"] = header;
        }

        if (query is not null)
        {
            context.Request.QueryString = new QueryString("?x-amz-checksum-mode=" + query);
        }

        Assert.Equal(enabled, ObjectHeaders.ChecksumModeEnabled(context.Request));
    }

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }
}
