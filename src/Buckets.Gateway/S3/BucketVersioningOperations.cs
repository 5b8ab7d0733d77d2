using System.Xml;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>PutBucketVersioning and GetBucketVersioning (<c>?versioning</c>).</summary>
public static class BucketVersioningOperations
{
    /// <summary>A versioning configuration is a few dozen bytes; anything much larger is not one.</summary>
    private const int MaxDocumentBytes = 64 * 1024;

    public static async Task GetAsync(S3Request request, IGrainFactory grains)
    {
        var bucket = await BucketOperations.RequireAsync(request, grains);
        var response = request.Http.Response;
        response.ContentType = S3Xml.ContentType;
        await using var writer = await S3Xml.CreateWriterAsync(response.Body, request.Http.RequestAborted);
        await S3Xml.WriteStartRootAsync(writer, "VersioningConfiguration");
        if (bucket.Versioning != BucketVersioning.Unversioned)
        {
            // A bucket that never had versioning answers an empty configuration, as S3 does.
            await S3Xml.WriteElementAsync(writer, "Status", bucket.Versioning.ToString());
        }

        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }

    public static async Task PutAsync(S3Request request, IGrainFactory grains)
    {
        await BucketOperations.RequireAsync(request, grains);
        var status = await ReadStatusAsync(request);
        if (!await grains.GetGrain<IBucketGrain>(request.Bucket!).SetVersioning(status))
        {
            throw new S3Exception(S3ErrorCode.NoSuchBucket, resource: "/" + request.Bucket);
        }

        request.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static async Task<BucketVersioning> ReadStatusAsync(S3Request request)
    {
        using var buffer = await RequestDocument.ReadAsync(request, MaxDocumentBytes, S3ErrorCode.MalformedXML, request.Http.RequestAborted);
        string? status = null;
        string? mfaDelete = null;
        try
        {
            using var reader = XmlReader.Create(buffer, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = true });
            await reader.MoveToContentAsync();
            if (reader.LocalName != "VersioningConfiguration")
            {
                throw new S3Exception(S3ErrorCode.MalformedXML);
            }

            await reader.ReadAsync();
            while (!reader.EOF)
            {
                // Reading an element's content moves past it, so only other nodes need an explicit step.
                if (reader is { NodeType: XmlNodeType.Element, Depth: 1, LocalName: "Status" })
                {
                    status = await reader.ReadElementContentAsStringAsync();
                }
                else if (reader is { NodeType: XmlNodeType.Element, Depth: 1, LocalName: "MfaDelete" })
                {
                    mfaDelete = await reader.ReadElementContentAsStringAsync();
                }
                else
                {
                    await reader.ReadAsync();
                }
            }
        }
        catch (XmlException)
        {
            throw new S3Exception(S3ErrorCode.MalformedXML);
        }

        if (mfaDelete == "Enabled")
        {
            throw new S3Exception(S3ErrorCode.NotImplemented, "MFA delete is not supported by this server.");
        }

        return status switch
        {
            "Enabled" => BucketVersioning.Enabled,
            "Suspended" => BucketVersioning.Suspended,
            _ => throw new S3Exception(S3ErrorCode.IllegalVersioningConfigurationException),
        };
    }
}
