using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>Writing S3 response bodies and the header formats S3 uses.</summary>
public static class S3Responses
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly XmlWriterSettings Settings = new()
    {
        Async = true,
        Encoding = new UTF8Encoding(false),
        Indent = false,
    };

    public static async Task XmlAsync(HttpResponse response, Action<XmlWriter> write, int status = StatusCodes.Status200OK)
    {
        response.StatusCode = status;
        response.ContentType = "application/xml";
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>S3's timestamp in XML bodies: ISO 8601 with milliseconds, UTC.</summary>
    public static string IsoTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>S3's timestamp in headers (Last-Modified): RFC 1123.</summary>
    public static string HttpTime(DateTimeOffset time) => time.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    public static string QuotedETag(string etag) => $"\"{etag}\"";
}
