using System.Net;
using System.Xml.Linq;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>An S3 error response, checked for the shape every S3 error has: XML with a Code, and x-amz-request-id.</summary>
public sealed record S3Error(int Status, string Code, string Message, string RequestId, string Raw)
{
    /// <summary>Asserts <paramref name="response"/> is the S3 error <paramref name="code"/> with <paramref name="status"/>.</summary>
    public static async Task<S3Error> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(',', h.Value), StringComparer.OrdinalIgnoreCase);
        return Assert(new RawResponse((int)response.StatusCode, headers, body), status, code);
    }

    public static S3Error Assert(RawResponse response, HttpStatusCode status, string code)
    {
        var context = $"HTTP {response.Status}\n{string.Join('\n', response.Headers.Select(h => $"{h.Key}: {h.Value}"))}\n\n{response.Body}";
        Xunit.Assert.True(response.Status == (int)status, $"expected {(int)status} {code}, got:\n{context}");
        var requestId = response.Header("x-amz-request-id");
        Xunit.Assert.False(string.IsNullOrEmpty(requestId), $"no x-amz-request-id on:\n{context}");
        Xunit.Assert.StartsWith("application/xml", response.Header("Content-Type") ?? string.Empty, StringComparison.Ordinal);
        XElement root;
        try
        {
            root = XDocument.Parse(response.Body).Root!;
        }
        catch (System.Xml.XmlException error)
        {
            throw new Xunit.Sdk.XunitException($"the error body is not XML ({error.Message}):\n{context}");
        }

        Xunit.Assert.Equal("Error", root.Name.LocalName);
        Xunit.Assert.True(code == (string?)root.Element("Code"), $"expected Code {code}, got:\n{context}");
        Xunit.Assert.Equal(requestId, (string?)root.Element("RequestId"));
        return new S3Error(response.Status, code, (string?)root.Element("Message") ?? string.Empty, requestId!, context);
    }
}
