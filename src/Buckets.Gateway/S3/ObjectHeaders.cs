using System.Text;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// The headers an object keeps and returns: the standard content headers, every x-amz-meta-*, and the verified
/// x-amz-checksum-* it was written with. The checksum is returned only to a request that asks for it
/// (<c>x-amz-checksum-mode: ENABLED</c>) and gets the whole object, as S3 does.
/// </summary>
public static class ObjectHeaders
{
    public const string DefaultContentType = "binary/octet-stream";

    public const string MetadataPrefix = "x-amz-meta-";

    /// <summary>S3's limit on user metadata: the UTF-8 bytes of every x-amz-meta-* name (without the prefix) and value.</summary>
    public const int MaxUserMetadataBytes = 2048;

    public const string ChecksumModeHeader = "x-amz-checksum-mode";

    public const string ChecksumTypeHeader = "x-amz-checksum-type";

    /// <summary>A checksum computed over the whole object's bytes, as every checksum of a single PUT or copy is.</summary>
    public const string FullObjectChecksumType = "FULL_OBJECT";

    private static readonly string[] Stored =
        ["Content-Type", "Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires"];

    /// <summary>The headers of a write request that the object keeps; <see cref="S3ErrorCode.MetadataTooLarge"/> past 2 KiB of user metadata.</summary>
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

        var metadataBytes = 0;
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var text = value.ToString();
                metadataBytes += Encoding.UTF8.GetByteCount(name.AsSpan(MetadataPrefix.Length)) + Encoding.UTF8.GetByteCount(text);
                headers[name.ToLowerInvariant()] = text;
            }
        }

        if (metadataBytes > MaxUserMetadataBytes)
        {
            throw new S3Exception(S3ErrorCode.MetadataTooLarge,
                $"Your metadata headers exceed the maximum allowed metadata size: {metadataBytes} bytes of x-amz-meta-* names and values, at most {MaxUserMetadataBytes}.");
        }

        headers.TryAdd("Content-Type", DefaultContentType);
        return headers;
    }

    /// <summary>Writes the stored headers; the checksum only when <paramref name="includeChecksum"/>.</summary>
    public static void WriteTo(HttpResponse response, IReadOnlyDictionary<string, string> headers, bool includeChecksum)
    {
        foreach (var (name, value) in headers)
        {
            if (!ChecksumAlgorithms.TryParseHeaderName(name, out _))
            {
                response.Headers[name] = value;
            }
        }

        if (includeChecksum && ChecksumOf(headers) is { } checksum)
        {
            WriteChecksum(response, checksum);
        }
    }

    public static void WriteChecksum(HttpResponse response, ChecksumValue checksum)
    {
        response.Headers[checksum.HeaderName] = checksum.Base64;
        response.Headers[ChecksumTypeHeader] = FullObjectChecksumType;
    }

    /// <summary>The checksum an object was stored with, if any.</summary>
    public static ChecksumValue? ChecksumOf(IReadOnlyDictionary<string, string> headers)
    {
        foreach (var algorithm in ChecksumAlgorithms.All)
        {
            if (headers.TryGetValue(ChecksumAlgorithms.HeaderName(algorithm), out var value))
            {
                return new ChecksumValue(algorithm, value);
            }
        }

        return null;
    }

    /// <summary>The headers with <paramref name="checksum"/> as the object's only checksum (none when null).</summary>
    public static Dictionary<string, string> WithChecksum(IReadOnlyDictionary<string, string> headers, ChecksumValue? checksum)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (!ChecksumAlgorithms.TryParseHeaderName(name, out _))
            {
                result[name] = value;
            }
        }

        if (checksum is { } kept)
        {
            result[kept.HeaderName] = kept.Base64;
        }

        return result;
    }

    /// <summary>Whether the request asks for the object's checksum (header, or query parameter of a presigned URL).</summary>
    public static bool ChecksumModeEnabled(HttpRequest request)
    {
        var mode = request.Headers[ChecksumModeHeader].ToString();
        if (mode.Length == 0)
        {
            mode = request.Query[ChecksumModeHeader].ToString();
        }

        return mode.Equals("ENABLED", StringComparison.OrdinalIgnoreCase);
    }
}
