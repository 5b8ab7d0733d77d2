using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Buckets.LoadTest;

/// <summary>
/// HttpClient with a minimal SigV4 signer and UNSIGNED-PAYLOAD: on a 2-core box the SDK itself eats CPU the
/// server needs, so this client measures the server rather than the client.
/// </summary>
public sealed class RawSigV4Client : IObjectClient
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private readonly HttpClient http;
    private readonly Uri endpoint;
    private readonly string accessKey;
    private readonly string secretKey;
    private readonly string region;

    public RawSigV4Client(LoadOptions options)
    {
        endpoint = new Uri(options.Endpoint);
        accessKey = options.AccessKey;
        secretKey = options.SecretKey;
        region = options.Region;
        http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(options.Concurrency, 2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
    }

    public async Task CreateBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        using var request = Sign(HttpMethod.Put, $"/{bucket}", EmptySha256);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
        {
            throw new HttpRequestException($"CreateBucket {bucket}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = Sign(HttpMethod.Put, $"/{bucket}/{key}", "UNSIGNED-PAYLOAD");
        request.Content = new ReadOnlyMemoryContent(body);
        request.Content.Headers.ContentLength = body.Length;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PUT {key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async Task<long> GetAsync(string bucket, string key, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var request = Sign(HttpMethod.Get, $"/{bucket}/{key}", EmptySha256);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {key}: {(int)response.StatusCode}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
    }

    public void Dispose() => http.Dispose();

    private HttpRequestMessage Sign(HttpMethod method, string path, string payloadHash)
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        var canonicalUri = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var canonical = $"{method.Method}\n{canonicalUri}\n\nhost:{host}\nx-amz-content-sha256:{payloadHash}\nx-amz-date:{amzDate}\n\nhost;x-amz-content-sha256;x-amz-date\n{payloadHash}";
        var scope = $"{date}/{region}/s3/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date), region), "s3"), "aws4_request");
        var signature = Hex(Hmac(key, toSign));
        var request = new HttpRequestMessage(method, new Uri(endpoint, canonicalUri));
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}");
        return request;
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
