using System.Globalization;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Objects;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// GetObject and HeadObject: metadata from the key's registry (one in-memory grain call), then the bytes through
/// <see cref="ObjectReader"/>, each block written out while the next is fetched.
/// </summary>
public static class GetObject
{
    public const string PartNumberParameter = "partNumber";

    private const int MaxPartNumber = 10_000;

    public static async Task HandleAsync(S3Request request, IGrainFactory grains, bool headOnly)
    {
        var http = request.Http.Request;
        var partNumber = PartNumber(http);
        await BucketOperations.RequireAsync(request, grains);
        var versionId = VersionIds.FromQuery(request);
        var state = await grains.GetGrain<IObjectRegistryGrain>($"{request.Bucket}/{request.Key}").Get(versionId)
            ?? throw new S3Exception(versionId is null ? S3ErrorCode.NoSuchKey : S3ErrorCode.NoSuchVersion, resource: request.Resource);
        var version = state.Version;
        if (version.IsDeleteMarker)
        {
            // The latest version is a marker: the key reads as gone. Naming the marker itself is a method error.
            throw new S3Exception(versionId is null ? S3ErrorCode.NoSuchKey : S3ErrorCode.MethodNotAllowed, resource: request.Resource)
            {
                Headers = VersionIds.DeleteMarkerHeaders(version),
            };
        }

        var response = request.Http.Response;
        if (version.VersionId is not null || versionId is not null)
        {
            response.Headers["x-amz-version-id"] = version.DisplayVersionId;
        }

        var fresh = Preconditions.Check(http, version);
        response.Headers.ETag = S3Responses.QuotedETag(version.ETag);
        response.Headers.LastModified = S3Responses.HttpTime(version.LastModified);
        if (!fresh)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        ByteRange? range;
        if (partNumber is { } part)
        {
            range = PartRange(request, version, part);
        }
        else
        {
            range = ByteRange.Parse(http.Headers.Range.ToString(), version.Size);
        }

        // A checksum describes the whole object, so a ranged read never carries one (the client could not check it).
        var whole = partNumber is not null || range is null;
        ObjectHeaders.WriteTo(response, version.Headers, includeChecksum: whole && ObjectHeaders.ChecksumModeEnabled(http));
        ObjectTags.WriteCount(response, version);
        ApplyOverrides(http, response);
        response.Headers.AcceptRanges = "bytes";
        var (start, length) = range is { } r ? (r.Start, r.Length) : (0L, version.Size);
        if (range is { } satisfied)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {satisfied.Start}-{satisfied.End}/{version.Size}";
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        response.ContentLength = length;
        if (headOnly)
        {
            return;
        }

        var cancel = request.Http.RequestAborted;
        await foreach (var piece in ObjectReader.ReadAsync(grains, state, start, length))
        {
            await response.Body.WriteAsync(piece, cancel);
        }
    }

    /// <summary>The partNumber query parameter: null when absent; S3's errors for a malformed one or one beside a Range.</summary>
    private static int? PartNumber(HttpRequest request)
    {
        if (!request.Query.TryGetValue(PartNumberParameter, out var values))
        {
            return null;
        }

        if (!int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var part) || part is < 1 or > MaxPartNumber)
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive");
        }

        if (request.Headers.Range.Count > 0)
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest, "Cannot specify both Range header and partNumber query parameter");
        }

        return part;
    }

    /// <summary>
    /// The bytes of one part, answered as a range (206). An object written in one piece is its own part 1, and so is a
    /// copy of a multipart object, whatever parts hold its bytes; a multipart object's part also answers the part
    /// count in x-amz-mp-parts-count.
    /// </summary>
    private static ByteRange? PartRange(S3Request request, ObjectVersion version, int part)
    {
        if (version.Parts is null || version.PartsLinked)
        {
            return part != 1 ? throw new S3Exception(S3ErrorCode.InvalidPartNumber, resource: request.Resource)
                : version.Size > 0 ? new ByteRange(0, version.Size)
                : null;
        }

        if (part > version.Parts.Length)
        {
            throw new S3Exception(S3ErrorCode.InvalidPartNumber, resource: request.Resource);
        }

        request.Http.Response.Headers["x-amz-mp-parts-count"] = version.Parts.Length.ToString(CultureInfo.InvariantCulture);
        var offset = version.Parts.Take(part - 1).Sum(p => p.Size);
        var size = version.Parts[part - 1].Size;
        return size > 0 ? new ByteRange(offset, size) : null;
    }

    /// <summary>The response-* query parameters of a signed request replace the stored headers, as S3 does.</summary>
    private static void ApplyOverrides(HttpRequest request, HttpResponse response)
    {
        foreach (var (parameter, header) in Overrides)
        {
            var value = request.Query[parameter].ToString();
            if (value.Length > 0)
            {
                response.Headers[header] = value;
            }
        }
    }

    private static readonly (string Parameter, string Header)[] Overrides =
    [
        ("response-content-type", "Content-Type"),
        ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"),
        ("response-content-encoding", "Content-Encoding"),
    ];
}
