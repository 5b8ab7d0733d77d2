using Buckets.Gateway.Auth;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class SigV4CanonicalizerTests
{
    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/bucket/key", "/bucket/key")]
    [InlineData("/bucket/a%2Fb", "/bucket/a%2Fb")]
    [InlineData("/bucket/a%2fb", "/bucket/a%2Fb")]
    [InlineData("/bucket/%C3%A9t%C3%A9%20x", "/bucket/%C3%A9t%C3%A9%20x")]
    [InlineData("/bucket/été x", "/bucket/%C3%A9t%C3%A9%20x")]
    [InlineData("/bucket/a+b", "/bucket/a%2Bb")]
    [InlineData("/bucket/a%2Bb", "/bucket/a%2Bb")]
    [InlineData("/bucket/~a_b-c.d", "/bucket/~a_b-c.d")]
    [InlineData("/bucket/%7Ea", "/bucket/~a")]
    [InlineData("/bucket/a/../b", "/bucket/a/../b")]
    [InlineData("/bucket//double", "/bucket//double")]
    [InlineData("/bucket/100%", "/bucket/100%25")]
    [InlineData("/bucket/$(*)!'", "/bucket/%24%28%2A%29%21%27")]
    public void Canonical_uri_encodes_each_byte_once_and_keeps_real_slashes(string rawPath, string canonical)
        => Assert.Equal(canonical, SigV4Canonicalizer.CanonicalUri(rawPath));

    [Theory]
    [InlineData("", "")]
    [InlineData("lifecycle", "lifecycle=")]
    [InlineData("prefix=J&max-keys=2", "max-keys=2&prefix=J")]
    [InlineData("b=2&a=2&a=1", "a=1&a=2&b=2")]
    [InlineData("prefix=a+b", "prefix=a%2Bb")]
    [InlineData("prefix=a%20b&x=%7e", "prefix=a%20b&x=~")]
    [InlineData("prefix=%E6%97%A5", "prefix=%E6%97%A5")]
    [InlineData("delimiter=/", "delimiter=%2F")]
    public void Canonical_query_is_sorted_and_encoded(string rawQuery, string canonical)
        => Assert.Equal(canonical, SigV4Canonicalizer.CanonicalQuery(SigV4Canonicalizer.ParseQuery(rawQuery), excluded: null));

    [Fact]
    public void Canonical_query_of_a_presigned_url_leaves_out_the_signature()
    {
        var query = SigV4Canonicalizer.ParseQuery("X-Amz-Signature=abc&X-Amz-Date=1&a=b");

        Assert.Equal("X-Amz-Date=1&a=b", SigV4Canonicalizer.CanonicalQuery(query, excluded: "X-Amz-Signature"));
        Assert.Equal("abc", SigV4Canonicalizer.Find(query, "X-Amz-Signature"));
    }

    [Fact]
    public void Query_values_are_percent_decoded_for_reading()
    {
        var query = SigV4Canonicalizer.ParseQuery("X-Amz-Credential=AK%2F20130524%2Fus-east-1%2Fs3%2Faws4_request");

        Assert.Equal("AK/20130524/us-east-1/s3/aws4_request", SigV4Canonicalizer.Find(query, "X-Amz-Credential"));
    }

    [Fact]
    public void Canonical_headers_trim_values_collapse_spaces_and_join_repeats()
    {
        var request = TestRequests.Create("GET", "/", [("Host", "h"), ("X-Custom", "  a   b  "), ("x-multi", "1"), ("x-multi", "2 ")]);
        var builder = new System.Text.StringBuilder();

        SigV4Canonicalizer.AppendCanonicalHeaders(builder, request.Headers, ["host", "x-custom", "x-multi"]);

        Assert.Equal("host:h\nx-custom:a b\nx-multi:1,2\n", builder.ToString());
    }
}
