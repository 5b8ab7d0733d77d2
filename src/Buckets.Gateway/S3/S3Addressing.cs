using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Buckets.Gateway.S3;

/// <summary>
/// Finds the bucket and key a request names, path-style (<c>/bucket/key</c>) or virtual-hosted-style
/// (<c>bucket.domain/key</c>). The key comes from the raw request target, decoded once, so <c>%2F</c>, <c>+</c>,
/// <c>../</c> and unicode arrive as the client encoded them.
/// </summary>
public static class S3Addressing
{
    public static (string? Bucket, string? Key) Parse(HttpContext http, IReadOnlyList<string> domains)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // An absolute-form target: keep only its path.
            var start = path.IndexOf('/', path.IndexOf("//", StringComparison.Ordinal) + 2);
            path = start < 0 ? "/" : path[start..];
        }

        path = path.TrimStart('/');
        var hostBucket = BucketFromHost(http.Request.Host.Host, domains);
        if (hostBucket is not null)
        {
            return (hostBucket, path.Length == 0 ? null : Uri.UnescapeDataString(path));
        }

        if (path.Length == 0)
        {
            return (null, null);
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (Uri.UnescapeDataString(path), null);
        }

        var key = path[(slash + 1)..];
        return (Uri.UnescapeDataString(path[..slash]), key.Length == 0 ? null : Uri.UnescapeDataString(key));
    }

    private static string? BucketFromHost(string host, IReadOnlyList<string> domains)
    {
        foreach (var domain in domains)
        {
            if (host.Length > domain.Length + 1 &&
                host.EndsWith(domain, StringComparison.OrdinalIgnoreCase) &&
                host[host.Length - domain.Length - 1] == '.')
            {
                return host[..(host.Length - domain.Length - 1)];
            }
        }

        return null;
    }
}
