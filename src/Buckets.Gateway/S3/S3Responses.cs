using System.Globalization;

namespace Buckets.Gateway.S3;

/// <summary>The header formats S3 uses.</summary>
public static class S3Responses
{
    /// <summary>S3's timestamp in headers (Last-Modified): RFC 1123.</summary>
    public static string HttpTime(DateTimeOffset time) => time.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    public static string QuotedETag(string etag) => $"\"{etag}\"";
}
