using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>The request headers an object keeps and returns: the standard content headers and every x-amz-meta-*.</summary>
public static class ObjectHeaders
{
    public const string DefaultContentType = "binary/octet-stream";

    private static readonly string[] Stored =
        ["Content-Type", "Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires"];

    public static Dictionary<string, string> FromRequest(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Stored)
        {
            var value = request.Headers[name].ToString();
            if (name == "Content-Encoding")
            {
                // aws-chunked describes the transfer, not the object: S3 strips it.
                value = string.Join(",", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(v => !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
            }

            if (value.Length > 0)
            {
                headers[name] = value;
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                headers[name.ToLowerInvariant()] = value.ToString();
            }
        }

        headers.TryAdd("Content-Type", DefaultContentType);
        return headers;
    }

    public static void WriteTo(HttpResponse response, IReadOnlyDictionary<string, string> headers)
    {
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }
    }
}
