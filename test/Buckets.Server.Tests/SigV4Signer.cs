using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Buckets.Server.Tests;

/// <summary>
/// AWS Signature Version 4 for hand-made requests: the ones the SDK will not send (a wrong payload hash, a skewed
/// clock, no length). Written from the AWS documentation, sharing no code with the server's verifier.
/// </summary>
public sealed class SigV4Signer(string accessKey, string secretKey, string region)
{
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>
    /// The headers to send for a request to <paramref name="uri"/>: <paramref name="headers"/> (all of them signed) plus
    /// host, x-amz-date, x-amz-content-sha256 and Authorization.
    /// </summary>
    public List<KeyValuePair<string, string>> Sign(
        string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash, DateTimeOffset time)
    {
        var amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var all = new List<KeyValuePair<string, string>>(headers)
        {
            new("host", uri.Authority),
            new("x-amz-date", amzDate),
            new("x-amz-content-sha256", payloadHash),
        };

        var canonicalHeaders = all
            .GroupBy(h => h.Key.ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => Collapse(h.Value)))))
            .ToArray();
        var signedHeaders = string.Join(';', canonicalHeaders.Select(h => h.Name));
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalPath(uri.AbsolutePath)).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in canonicalHeaders)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);

        var scope = $"{date}/{region}/s3/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Sha256Hex(canonical.ToString())}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, "s3");
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));
        all.Add(new("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return all;
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>A key as a path, each byte that is not unreserved percent-encoded, slashes kept: the SigV4 canonical form.</summary>
    public static string EncodePath(string path) => Encode(Encoding.UTF8.GetBytes(path), keepSlash: true);

    private static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Collapse(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string CanonicalPath(string escapedPath) => Encode(Decode(escapedPath), keepSlash: true);

    private static string CanonicalQuery(string query)
    {
        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
                return (Name: Encode(Decode(name), keepSlash: false), Value: Encode(Decode(value), keepSlash: false));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    private static byte[] Decode(string escaped)
    {
        var bytes = new List<byte>(escaped.Length);
        var i = 0;
        while (i < escaped.Length)
        {
            if (escaped[i] == '%' && i + 2 < escaped.Length
                && byte.TryParse(escaped.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 3;
            }
            else
            {
                var length = char.IsHighSurrogate(escaped[i]) && i + 1 < escaped.Length ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(escaped.Substring(i, length)));
                i += length;
            }
        }

        return [.. bytes];
    }

    private static string Encode(byte[] bytes, bool keepSlash)
    {
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                || b == '-' || b == '_' || b == '.' || b == '~' || (keepSlash && b == '/'))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
