using System.Globalization;
using System.Text;
using System.Xml;

namespace Buckets.Gateway.Xml;

/// <summary>
/// Writing S3 response documents: UTF-8, the 2006-03-01 namespace on the root, S3's timestamp format.
/// Writers stream to the response body, so a listing of thousands of entries is never one string.
/// </summary>
public static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    public const string ContentType = "application/xml";

    /// <summary>The declaration exactly as S3 writes it; XmlWriter's own would say "utf-8".</summary>
    private static readonly byte[] Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"u8.ToArray();

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = true,
        Indent = false,
        Async = true,
        CloseOutput = false,
    };

    /// <summary>An XmlWriter over <paramref name="output"/>, the declaration already written; dispose it to flush.</summary>
    public static async Task<XmlWriter> CreateWriterAsync(Stream output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Declaration, cancellationToken).ConfigureAwait(false);
        return XmlWriter.Create(output, Settings);
    }

    /// <summary>Opens the document's root element in the S3 namespace.</summary>
    public static Task WriteStartRootAsync(XmlWriter writer, string name) => writer.WriteStartElementAsync(null, name, Namespace);

    /// <summary>S3's timestamps: <c>2026-11-24T09:30:00.000Z</c>, always UTC with milliseconds.</summary>
    public static string FormatTimestamp(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static Task WriteElementAsync(XmlWriter writer, string name, string value)
        => writer.WriteElementStringAsync(null, name, null, value);

    public static Task WriteElementAsync(XmlWriter writer, string name, DateTimeOffset value)
        => writer.WriteElementStringAsync(null, name, null, FormatTimestamp(value));

    public static Task WriteElementAsync(XmlWriter writer, string name, long value)
        => writer.WriteElementStringAsync(null, name, null, value.ToString(CultureInfo.InvariantCulture));

    public static Task WriteElementAsync(XmlWriter writer, string name, bool value)
        => writer.WriteElementStringAsync(null, name, null, value ? "true" : "false");

    /// <summary>The ListBuckets (GET /) response.</summary>
    public static async Task WriteListAllMyBucketsAsync(Stream output, S3Owner owner, IEnumerable<BucketEntry> buckets, CancellationToken cancellationToken)
    {
        await using var writer = await CreateWriterAsync(output, cancellationToken).ConfigureAwait(false);
        await WriteStartRootAsync(writer, "ListAllMyBucketsResult").ConfigureAwait(false);
        await WriteOwnerAsync(writer, owner).ConfigureAwait(false);
        await writer.WriteStartElementAsync(null, "Buckets", null).ConfigureAwait(false);
        foreach (var bucket in buckets)
        {
            await writer.WriteStartElementAsync(null, "Bucket", null).ConfigureAwait(false);
            await WriteElementAsync(writer, "Name", bucket.Name).ConfigureAwait(false);
            await WriteElementAsync(writer, "CreationDate", bucket.CreationDate).ConfigureAwait(false);
            await writer.WriteEndElementAsync().ConfigureAwait(false);
        }

        await writer.WriteEndElementAsync().ConfigureAwait(false);
        await writer.WriteEndElementAsync().ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The GetBucketLocation response. S3 leaves the element empty for us-east-1, and the SDKs read an empty
    /// element as us-east-1, so pass null or "us-east-1" for that region.
    /// </summary>
    public static async Task WriteLocationConstraintAsync(Stream output, string? region, CancellationToken cancellationToken)
    {
        await using var writer = await CreateWriterAsync(output, cancellationToken).ConfigureAwait(false);
        await WriteStartRootAsync(writer, "LocationConstraint").ConfigureAwait(false);
        if (region is not null && region != "us-east-1")
        {
            await writer.WriteStringAsync(region).ConfigureAwait(false);
        }

        await writer.WriteEndElementAsync().ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
    }

    public static async Task WriteOwnerAsync(XmlWriter writer, S3Owner owner)
    {
        await writer.WriteStartElementAsync(null, "Owner", null).ConfigureAwait(false);
        await WriteElementAsync(writer, "ID", owner.Id).ConfigureAwait(false);
        await WriteElementAsync(writer, "DisplayName", owner.DisplayName).ConfigureAwait(false);
        await writer.WriteEndElementAsync().ConfigureAwait(false);
    }
}
