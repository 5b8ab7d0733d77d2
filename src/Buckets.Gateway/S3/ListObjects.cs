using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Xml;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>ListObjects (v1, marker paging) and ListObjectsV2 (continuation tokens): GET on a bucket.</summary>
public static class ListObjects
{
    /// <summary>S3's default and its cap: a larger max-keys still returns at most this many.</summary>
    public const int MaxKeys = 1000;

    public static async Task HandleAsync(S3Request request, IGrainFactory grains, string owner, bool v2)
    {
        var query = request.Http.Request.Query;
        var prefix = query["prefix"].ToString();
        var delimiter = NullIfEmpty(query["delimiter"].ToString());
        var maxKeys = ParseMaxKeys(query["max-keys"].ToString());
        var urlEncoded = ParseEncodingType(query["encoding-type"].ToString());
        var marker = NullIfEmpty(query["marker"].ToString());
        var startAfter = NullIfEmpty(query["start-after"].ToString());
        string? continuationToken = null;
        string? resumeAfter = marker;
        if (v2)
        {
            if (query["list-type"].ToString() != "2")
            {
                throw new S3Exception(S3ErrorCode.InvalidArgument, "Invalid list type specified in request");
            }

            continuationToken = query.ContainsKey("continuation-token") ? query["continuation-token"].ToString() : null;
            resumeAfter = continuationToken is not null ? DecodeToken(continuationToken) : startAfter;
        }

        await BucketOperations.RequireAsync(request, grains);
        var listing = await grains.GetGrain<IObjectListingGrain>(request.Bucket!)
            .List(new ListingQuery(prefix, resumeAfter, delimiter, maxKeys, IncludeHidden: false));

        var response = request.Http.Response;
        response.ContentType = S3Xml.ContentType;
        var fetchOwner = !v2 || string.Equals(query["fetch-owner"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        var encode = urlEncoded ? UrlEncode : (Func<string, string>)(s => s);
        await using var writer = await S3Xml.CreateWriterAsync(response.Body, request.Http.RequestAborted);
        await S3Xml.WriteStartRootAsync(writer, "ListBucketResult");
        await S3Xml.WriteElementAsync(writer, "Name", request.Bucket!);
        await S3Xml.WriteElementAsync(writer, "Prefix", encode(prefix));
        var last = listing.Entries.Length > 0 ? listing.Entries[^1].Name : null;
        if (v2)
        {
            await S3Xml.WriteElementAsync(writer, "KeyCount", listing.Entries.Length);
        }
        else
        {
            await S3Xml.WriteElementAsync(writer, "Marker", encode(marker ?? string.Empty));
            if (listing.IsTruncated && last is not null)
            {
                await S3Xml.WriteElementAsync(writer, "NextMarker", encode(last));
            }
        }

        await S3Xml.WriteElementAsync(writer, "MaxKeys", maxKeys);
        if (delimiter is not null)
        {
            await S3Xml.WriteElementAsync(writer, "Delimiter", encode(delimiter));
        }

        if (urlEncoded)
        {
            await S3Xml.WriteElementAsync(writer, "EncodingType", "url");
        }

        await S3Xml.WriteElementAsync(writer, "IsTruncated", listing.IsTruncated);
        if (v2)
        {
            if (continuationToken is not null)
            {
                await S3Xml.WriteElementAsync(writer, "ContinuationToken", continuationToken);
            }

            if (listing.IsTruncated && last is not null)
            {
                await S3Xml.WriteElementAsync(writer, "NextContinuationToken", EncodeToken(last));
            }

            if (startAfter is not null)
            {
                await S3Xml.WriteElementAsync(writer, "StartAfter", encode(startAfter));
            }
        }

        foreach (var entry in listing.Entries.Where(e => !e.IsPrefix && e.Versions.Length > 0))
        {
            await WriteContentsAsync(writer, encode(entry.Name), entry.Versions[0], fetchOwner ? new S3Owner(owner, owner) : null);
        }

        foreach (var entry in listing.Entries.Where(e => e.IsPrefix))
        {
            await writer.WriteStartElementAsync(null, "CommonPrefixes", null);
            await S3Xml.WriteElementAsync(writer, "Prefix", encode(entry.Name));
            await writer.WriteEndElementAsync();
        }

        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }

    /// <summary>
    /// encoding-type=url as S3 applies it: UTF-8 bytes percent-encoded except unreserved characters and '/', a space
    /// as '+' (the SDKs decode with form-URL decoding).
    /// </summary>
    public static string UrlEncode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || "-_.~/".Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                builder.Append((char)rune.Value);
            }
            else if (rune.Value == ' ')
            {
                builder.Append('+');
            }
            else
            {
                var length = rune.EncodeToUtf8(bytes);
                foreach (var b in bytes[..length])
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>A continuation token is the name to resume after, made opaque: base64url of its UTF-8.</summary>
    public static string EncodeToken(string resumeAfter) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(resumeAfter));

    public static string DecodeToken(string token)
    {
        try
        {
            if (token.Length > 0)
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(token));
            }
        }
        catch (Exception error) when (error is FormatException or DecoderFallbackException)
        {
        }

        throw new S3Exception(S3ErrorCode.InvalidArgument, "The continuation token provided is incorrect");
    }

    private static async Task WriteContentsAsync(XmlWriter writer, string key, VersionSummary latest, S3Owner? owner)
    {
        await writer.WriteStartElementAsync(null, "Contents", null);
        await S3Xml.WriteElementAsync(writer, "Key", key);
        await S3Xml.WriteElementAsync(writer, "LastModified", latest.LastModified);
        await S3Xml.WriteElementAsync(writer, "ETag", S3Responses.QuotedETag(latest.ETag));
        await S3Xml.WriteElementAsync(writer, "Size", latest.Size);
        if (owner is not null)
        {
            await S3Xml.WriteOwnerAsync(writer, owner);
        }

        await S3Xml.WriteElementAsync(writer, "StorageClass", "STANDARD");
        await writer.WriteEndElementAsync();
    }

    public static int ParseMaxKeys(string value)
    {
        if (value.Length == 0)
        {
            return MaxKeys;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var maxKeys))
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, value.StartsWith('-')
                ? "Argument maxKeys must be an integer between 0 and 2147483647"
                : "Provided max-keys not an integer or within integer range");
        }

        return Math.Min(maxKeys, MaxKeys);
    }

    public static bool ParseEncodingType(string value) =>
        value.Length == 0 ? false
        : value.Equals("url", StringComparison.OrdinalIgnoreCase) ? true
        : throw new S3Exception(S3ErrorCode.InvalidArgument, "Invalid Encoding Method specified in Request");

    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
