using System.Globalization;
using System.Text;
using System.Xml;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Errors;

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

    /// <summary>
    /// Keys may hold any character. As S3 does, a character XML 1.0 cannot hold (U+0001) goes out as a character
    /// reference (&amp;#x1;) rather than failing the response half-written, and a carriage return as &amp;#xD;, which a
    /// parser hands back unchanged where a literal one would become a line feed.
    /// </summary>
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = true,
        Indent = false,
        Async = true,
        CloseOutput = false,
        CheckCharacters = false,
        NewLineHandling = NewLineHandling.Entitize,
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

    /// <summary>The CopyObject response: the new object's ETag and time, and its checksum when it has one.</summary>
    public static async Task WriteCopyObjectResultAsync(Stream output, string etag, DateTimeOffset lastModified, ChecksumValue? checksum, CancellationToken cancellationToken)
    {
        await using var writer = await CreateWriterAsync(output, cancellationToken).ConfigureAwait(false);
        await WriteStartRootAsync(writer, "CopyObjectResult").ConfigureAwait(false);
        await WriteElementAsync(writer, "ETag", $"\"{etag}\"").ConfigureAwait(false);
        await WriteElementAsync(writer, "LastModified", lastModified).ConfigureAwait(false);
        if (checksum is { } value)
        {
            await WriteElementAsync(writer, "ChecksumType", "FULL_OBJECT").ConfigureAwait(false);
            await WriteElementAsync(writer, "Checksum" + ChecksumAlgorithms.Name(value.Algorithm), value.Base64).ConfigureAwait(false);
        }

        await writer.WriteEndElementAsync().ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>The DeleteObjects response: a Deleted or an Error per key, in request order; quiet mode leaves out the Deleted.</summary>
    public static async Task WriteDeleteResultAsync(Stream output, IEnumerable<DeleteOutcome> outcomes, bool quiet, CancellationToken cancellationToken)
    {
        await using var writer = await CreateWriterAsync(output, cancellationToken).ConfigureAwait(false);
        await WriteStartRootAsync(writer, "DeleteResult").ConfigureAwait(false);
        foreach (var outcome in outcomes)
        {
            if (outcome.Deleted && quiet)
            {
                continue;
            }

            await writer.WriteStartElementAsync(null, outcome.Deleted ? "Deleted" : "Error", null).ConfigureAwait(false);
            await WriteElementAsync(writer, "Key", S3ErrorXml.Sanitize(outcome.Object.Key)).ConfigureAwait(false);
            if (outcome.Object.VersionId is { } versionId)
            {
                await WriteElementAsync(writer, "VersionId", S3ErrorXml.Sanitize(versionId)).ConfigureAwait(false);
            }

            if (outcome.Deleted && outcome.DeleteMarker)
            {
                await WriteElementAsync(writer, "DeleteMarker", true).ConfigureAwait(false);
                if (outcome.DeleteMarkerVersionId is { } markerId)
                {
                    await WriteElementAsync(writer, "DeleteMarkerVersionId", markerId).ConfigureAwait(false);
                }
            }

            if (!outcome.Deleted)
            {
                await WriteElementAsync(writer, "Code", outcome.ErrorCode!).ConfigureAwait(false);
                await WriteElementAsync(writer, "Message", outcome.ErrorMessage ?? string.Empty).ConfigureAwait(false);
            }

            await writer.WriteEndElementAsync().ConfigureAwait(false);
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
