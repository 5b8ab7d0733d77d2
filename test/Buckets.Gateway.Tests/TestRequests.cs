using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Buckets.Gateway.Tests;

/// <summary>HttpRequests built by hand, with the raw request target that the authenticator signs over.</summary>
internal static class TestRequests
{
    public static HttpRequest Create(string method, string rawTarget, IEnumerable<(string Name, string Value)> headers, byte[]? body = null)
    {
        var context = new DefaultHttpContext();
        var feature = context.Features.Get<IHttpRequestFeature>()!;
        feature.RawTarget = rawTarget;
        var request = context.Request;
        request.Method = method;
        var queryStart = rawTarget.IndexOf('?');
        request.Path = PathString.FromUriComponent(queryStart >= 0 ? rawTarget[..queryStart] : rawTarget);
        request.QueryString = queryStart >= 0 ? new QueryString(rawTarget[queryStart..]) : QueryString.Empty;
        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }

        if (body is not null)
        {
            request.Body = new MemoryStream(body);
            request.ContentLength ??= body.Length;
        }

        return request;
    }
}
