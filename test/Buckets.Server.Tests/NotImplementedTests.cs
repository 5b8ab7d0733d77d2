using System.Net;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>What the server does not do yet, it says so: 501 NotImplemented as S3 XML, never a 200 that means something else.</summary>
[Collection(ServerCollection.Name)]
public sealed class NotImplementedTests(BucketsServer server) : ServerTest(server)
{
    [Theory]
    [InlineData("PUT", "/{0}?policy")]
    [InlineData("PUT", "/{0}?lifecycle")]
    [InlineData("GET", "/{0}?list-type=2&foo=bar")]
    [InlineData("GET", "/{0}?analytics")]
    [InlineData("POST", "/{0}/key?delete")]
    [InlineData("GET", "/{0}?inventory")]
    [InlineData("POST", "/{0}?cors")]
    [InlineData("PUT", "/{0}?tagging")]
    [InlineData("POST", "/{0}/key?tagging")]
    [InlineData("GET", "/{0}/key?tagging&acl")]
    [InlineData("GET", "/{0}/key?retention")]
    [InlineData("POST", "/{0}/key?acl")]
    [InlineData("DELETE", "/{0}?acl")]
    [InlineData("POST", "/{0}/key")]
    [InlineData("DELETE", "/?anything")]
    public async Task An_unimplemented_request_answers_501_NotImplemented_XML(string method, string target)
    {
        var bucket = await CreateBucketAsync("raw501");
        await PutAsync(bucket, "key", "unchanged"u8.ToArray());

        using var response = await Raw.SendAsync(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, target, bucket),
            method is "PUT" or "POST" ? "<x/>"u8.ToArray() : null);

        await S3Error.AssertAsync(response, HttpStatusCode.NotImplemented, "NotImplemented");
        Assert.Equal("unchanged"u8.ToArray(), await GetBytesAsync(bucket, "key"));
    }
}
