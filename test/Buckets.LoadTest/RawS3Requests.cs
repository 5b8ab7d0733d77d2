using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Buckets.LoadTest;

/// <summary>
/// Signed S3 requests of any shape (query parameters, extra headers, UNSIGNED-PAYLOAD bodies): what the API benchmarks
/// (listing, multipart, copy) send, without the SDK's CPU cost on the shared cores.
/// </summary>
public sealed class RawS3Requests(LoadOptions options) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        Timeout = TimeSpan.FromMinutes(30),
    };

    private readonly Uri endpoint = new(options.Endpoint);

    /// <summary>Sends the request and returns the response body; a status of 300 or more throws with S3's error text.</summary>
    public async Task<(HttpResponseMessage Response, byte[] Body)> SendAsync(
        HttpMethod method,
        string path,
        IReadOnlyList<(string Name, string Value)>? query = null,
        HttpContent? content = null,
        IReadOnlyList<(string Name, string Value)>? headers = null,
        CancellationToken cancellationToken = default)
    {
        using var request = Sign(method, path, query ?? [], headers ?? [], content is null ? Sha256Hex([]) : "UNSIGNED-PAYLOAD");
        request.Content = content;
        var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if ((int)response.StatusCode >= 300)
        {
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        return (response, body);
    }

    public static HttpContent Bytes(ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentLength = body.Length;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    public void Dispose() => http.Dispose();

    private HttpRequestMessage Sign(
        HttpMethod method, string path, IReadOnlyList<(string Name, string Value)> query, IReadOnlyList<(string Name, string Value)> headers, string payloadHash)
    {
        var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        var canonicalUri = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var canonicalQuery = string.Join('&', query
            .Select(q => (Name: Uri.EscapeDataString(q.Name), Value: Uri.EscapeDataString(q.Value)))
            .OrderBy(q => q.Name, StringComparer.Ordinal)
            .ThenBy(q => q.Value, StringComparer.Ordinal)
            .Select(q => $"{q.Name}={q.Value}"));
        var signed = headers
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
            .Append(("host", host))
            .Append(("x-amz-content-sha256", payloadHash))
            .Append(("x-amz-date", amzDate))
            .OrderBy(h => h.Item1, StringComparer.Ordinal)
            .ToArray();
        var signedNames = string.Join(';', signed.Select(h => h.Item1));
        var canonical = $"{method.Method}\n{canonicalUri}\n{canonicalQuery}\n{string.Concat(signed.Select(h => $"{h.Item1}:{h.Item2}\n"))}\n{signedNames}\n{payloadHash}";
        var scope = $"{date}/{options.Region}/s3/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonical))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + options.SecretKey), date), options.Region), "s3"), "aws4_request");
        var request = new HttpRequestMessage(method, new Uri(endpoint, canonicalUri + (canonicalQuery.Length > 0 ? "?" + canonicalQuery : string.Empty)));
        foreach (var (name, value) in signed)
        {
            if (name == "host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={options.AccessKey}/{scope}, SignedHeaders={signedNames}, Signature={Convert.ToHexStringLower(Hmac(key, toSign))}");
        return request;
    }

    private static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
