using System.Globalization;
using System.Xml;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;

namespace Buckets.Gateway.S3.Multipart;

/// <summary>
/// CompleteMultipartUpload (POST key?uploadId=X): the listed parts become the object, in order, without a byte
/// copied. The ETag is the MD5 of the parts' binary MD5s, a dash, and the part count.
/// </summary>
public static class CompleteMultipartUpload
{
    /// <summary>10,000 parts of about 150 bytes of XML each, with room to spare.</summary>
    private const int MaxDocumentBytes = 4 * 1024 * 1024;

    public static async Task HandleAsync(S3Request request, IGrainFactory grains)
    {
        var uploadId = UploadIds.FromQuery(request);
        var bucket = await BucketOperations.RequireAsync(request, grains);
        var parts = await ReadPartsAsync(request);
        var stored = await grains.GetGrain<IMultipartUploadGrain>(uploadId).Complete(request.Bucket!, request.Key!, parts, bucket.Versioning);

        var response = request.Http.Response;
        if (bucket.Versioning != BucketVersioning.Unversioned)
        {
            response.Headers["x-amz-version-id"] = stored.DisplayVersionId;
        }

        response.ContentType = S3Xml.ContentType;
        await using var writer = await S3Xml.CreateWriterAsync(response.Body, request.Http.RequestAborted);
        await S3Xml.WriteStartRootAsync(writer, "CompleteMultipartUploadResult");
        var location = $"{request.Http.Request.Scheme}://{request.Http.Request.Host}/{Uri.EscapeDataString(stored.Bucket)}/{Uri.EscapeDataString(stored.Key)}";
        await S3Xml.WriteElementAsync(writer, "Location", location);
        await S3Xml.WriteElementAsync(writer, "Bucket", stored.Bucket);
        await S3Xml.WriteElementAsync(writer, "Key", stored.Key);
        await S3Xml.WriteElementAsync(writer, "ETag", S3Responses.QuotedETag(stored.ETag));
        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }

    private static async Task<CompletedPart[]> ReadPartsAsync(S3Request request)
    {
        using var buffer = await RequestDocument.ReadAsync(request, MaxDocumentBytes, S3ErrorCode.MalformedXML, request.Http.RequestAborted);
        var parts = new List<CompletedPart>();
        try
        {
            using var reader = XmlReader.Create(buffer, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            reader.MoveToContent();
            if (reader.LocalName != "CompleteMultipartUpload")
            {
                throw new S3Exception(S3ErrorCode.MalformedXML);
            }

            reader.Read();
            while (!reader.EOF)
            {
                if (reader is { NodeType: XmlNodeType.Element, Depth: 1, LocalName: "Part" })
                {
                    parts.Add(ReadPart(reader.ReadSubtree()));
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException)
        {
            throw new S3Exception(S3ErrorCode.MalformedXML);
        }

        if (parts.Count == 0 || parts.Count > 10_000)
        {
            throw new S3Exception(S3ErrorCode.MalformedXML);
        }

        return parts.ToArray();
    }

    private static CompletedPart ReadPart(XmlReader part)
    {
        int? number = null;
        string? etag = null;
        part.Read();
        part.Read();
        while (!part.EOF)
        {
            // Reading an element's content moves past it, so only other nodes need an explicit step.
            if (part is { NodeType: XmlNodeType.Element, Depth: 1, LocalName: "PartNumber" })
            {
                var text = part.ReadElementContentAsString().Trim();
                number = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new S3Exception(S3ErrorCode.MalformedXML);
            }
            else if (part is { NodeType: XmlNodeType.Element, Depth: 1, LocalName: "ETag" })
            {
                etag = part.ReadElementContentAsString().Trim();
            }
            else
            {
                part.Read();
            }
        }

        return number is { } valid && etag is not null ? new CompletedPart(valid, etag) : throw new S3Exception(S3ErrorCode.MalformedXML);
    }
}
