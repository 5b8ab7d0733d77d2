using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Buckets.Gateway.Auth;

/// <summary>
/// The pieces of the SigV4 canonical request, built the way S3 builds them. S3 signs the path as the client
/// sent it, encoded once: each byte percent-decoded and re-encoded with only A-Z a-z 0-9 - _ . ~ left bare,
/// so a <c>%2F</c> inside a key stays <c>%2F</c> while a real slash stays a slash. That is why the raw
/// request target is used, never the decoded (and dot-segment-normalized) <see cref="HttpRequest.Path"/>.
/// </summary>
internal static class SigV4Canonicalizer
{
    private static ReadOnlySpan<byte> UpperHex => "0123456789ABCDEF"u8;

    /// <summary>The path and query exactly as they arrived on the request line.</summary>
    public static (string RawPath, string RawQuery) RawTarget(HttpRequest request)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(rawTarget))
        {
            var target = rawTarget.AsSpan();
            if (!target.StartsWith('/'))
            {
                // Absolute form (http://host/path?query): drop scheme and authority.
                var schemeEnd = target.IndexOf("://", StringComparison.Ordinal);
                if (schemeEnd >= 0)
                {
                    target = target[(schemeEnd + 3)..];
                    var pathStart = target.IndexOfAny('/', '?');
                    target = pathStart >= 0 ? target[pathStart..] : [];
                }
            }

            var queryStart = target.IndexOf('?');
            return queryStart >= 0
                ? (target[..queryStart].ToString(), target[(queryStart + 1)..].ToString())
                : (target.ToString(), string.Empty);
        }

        var query = request.QueryString.HasValue ? request.QueryString.Value!.TrimStart('?') : string.Empty;
        return ((request.PathBase + request.Path).ToUriComponent(), query);
    }

    public static string CanonicalUri(string rawPath)
    {
        if (rawPath.Length == 0)
        {
            return "/";
        }

        var builder = new StringBuilder(rawPath.Length + 16);
        AppendEncoded(builder, rawPath, keepSlash: true);
        return builder.ToString();
    }

    /// <summary>
    /// Splits a raw query into parameters. Only percent-decoding applies: a <c>+</c> is a plus sign, as in
    /// the SDKs' own canonical form, not a form-encoded space.
    /// </summary>
    public static List<QueryParameter> ParseQuery(string rawQuery)
    {
        var parameters = new List<QueryParameter>();
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var pair = rawQuery.AsSpan()[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = equals >= 0 ? pair[..equals] : pair;
            var value = equals >= 0 ? pair[(equals + 1)..] : [];
            parameters.Add(new QueryParameter(Decode(name), Decode(value), Encode(name), Encode(value)));
        }

        return parameters;
    }

    public static string? Find(List<QueryParameter> parameters, string name)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Name == name)
            {
                return parameter.Value;
            }
        }

        return null;
    }

    /// <summary>Sorted by encoded name, then encoded value; <paramref name="excluded"/> (the presigned signature) left out.</summary>
    public static string CanonicalQuery(List<QueryParameter> parameters, string? excluded)
    {
        var included = new List<QueryParameter>(parameters.Count);
        foreach (var parameter in parameters)
        {
            if (excluded is null || parameter.Name != excluded)
            {
                included.Add(parameter);
            }
        }

        included.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.CanonicalName, b.CanonicalName);
            return byName != 0 ? byName : string.CompareOrdinal(a.CanonicalValue, b.CanonicalValue);
        });

        var builder = new StringBuilder();
        foreach (var parameter in included)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(parameter.CanonicalName).Append('=').Append(parameter.CanonicalValue);
        }

        return builder.ToString();
    }

    /// <summary>Appends <c>name:value\n</c> for each signed header, values trimmed with inner runs of spaces collapsed.</summary>
    public static void AppendCanonicalHeaders(StringBuilder builder, IHeaderDictionary headers, string[] signedHeaders)
    {
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':');
            var values = headers.TryGetValue(name, out var found) ? found : StringValues.Empty;
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                AppendTrimmedCollapsed(builder, values[i] ?? string.Empty);
            }

            builder.Append('\n');
        }
    }

    private static void AppendTrimmedCollapsed(StringBuilder builder, string value)
    {
        var span = value.AsSpan().Trim();
        var previousWasSpace = false;
        foreach (var c in span)
        {
            var isSpace = c is ' ' or '\t';
            if (isSpace && previousWasSpace)
            {
                continue;
            }

            builder.Append(isSpace ? ' ' : c);
            previousWasSpace = isSpace;
        }
    }

    private static string Encode(ReadOnlySpan<char> raw)
    {
        var builder = new StringBuilder(raw.Length + 8);
        AppendEncoded(builder, raw, keepSlash: false);
        return builder.ToString();
    }

    /// <summary>Percent-decodes to bytes, then encodes every byte outside the unreserved set (and '/' when kept).</summary>
    private static void AppendEncoded(StringBuilder builder, ReadOnlySpan<char> raw, bool keepSlash)
    {
        var bytes = ToUtf8(raw, out var rented);
        try
        {
            var hex = UpperHex;
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                if (b == '/' && keepSlash)
                {
                    builder.Append('/');
                    continue;
                }

                if (b == '%' && i + 2 < bytes.Length && TryHexByte(bytes[i + 1], bytes[i + 2], out var decoded))
                {
                    b = decoded;
                    i += 2;
                }

                if (IsUnreserved(b))
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%').Append((char)hex[b >> 4]).Append((char)hex[b & 0xF]);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string Decode(ReadOnlySpan<char> raw)
    {
        if (!raw.Contains('%'))
        {
            return raw.ToString();
        }

        var bytes = ToUtf8(raw, out var rented);
        try
        {
            var length = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                if (b == '%' && i + 2 < bytes.Length && TryHexByte(bytes[i + 1], bytes[i + 2], out var decoded))
                {
                    b = decoded;
                    i += 2;
                }

                bytes[length++] = b;
            }

            return Encoding.UTF8.GetString(bytes[..length]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static Span<byte> ToUtf8(ReadOnlySpan<char> raw, out byte[] rented)
    {
        var maxLength = Encoding.UTF8.GetMaxByteCount(raw.Length);
        rented = ArrayPool<byte>.Shared.Rent(maxLength);
        var length = Encoding.UTF8.GetBytes(raw, rented);
        return rented.AsSpan(0, length);
    }

    private static bool TryHexByte(byte high, byte low, out byte value)
    {
        var h = Hex.Nibble(high);
        var l = Hex.Nibble(low);
        value = (byte)((h << 4) | l);
        return (h | l) >= 0;
    }

    private static bool IsUnreserved(byte b)
        => b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
