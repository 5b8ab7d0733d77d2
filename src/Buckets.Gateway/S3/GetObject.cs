using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// GetObject and HeadObject: metadata from the key's registry (one in-memory grain call), then the bytes block by
/// block from the object's erasure set, the next block fetched while the current one is written out.
/// </summary>
public static class GetObject
{
    public static async Task HandleAsync(S3Request request, IGrainFactory grains, bool headOnly)
    {
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

        var fresh = Preconditions.Check(request.Http.Request, version);
        response.Headers.ETag = S3Responses.QuotedETag(version.ETag);
        response.Headers.LastModified = S3Responses.HttpTime(version.LastModified);
        if (!fresh)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var range = PartRange(request, version) ?? ByteRange.Parse(request.Http.Request.Headers.Range.ToString(), version.Size);
        ObjectHeaders.WriteTo(response, version.Headers);
        ApplyOverrides(request.Http.Request, response);
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
        if (headOnly || length == 0)
        {
            return;
        }

        var cancel = request.Http.RequestAborted;
        if (state.InlineData is { } inline)
        {
            await response.Body.WriteAsync(inline.Value.AsMemory((int)start, (int)length), cancel);
            return;
        }

        var set = grains.GetGrain<IErasureSetGrain>(version.SetIndex);
        if (version.Parts is null)
        {
            await StreamAsync(set, version, start, length, response.Body, cancel);
            return;
        }

        // A multipart object is its parts back to back, each a shard stream of its own.
        long partStart = 0;
        foreach (var part in version.Parts)
        {
            var from = Math.Max(start, partStart);
            var to = Math.Min(start + length, partStart + part.Size);
            if (from < to)
            {
                await StreamAsync(set, version.PartView(part), from - partStart, to - from, response.Body, cancel);
            }

            partStart += part.Size;
        }
    }

    /// <summary>
    /// The byte range of the part a partNumber query names, null without one. An object that was not uploaded in parts
    /// is one part; a multipart object's part answers with its count in x-amz-mp-parts-count.
    /// </summary>
    private static ByteRange? PartRange(S3Request request, ObjectVersion version)
    {
        var query = request.Http.Request.Query;
        if (!query.TryGetValue("partNumber", out var value))
        {
            return null;
        }

        if (!int.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number < 1 || number > 10_000)
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive", request.Resource);
        }

        if (request.Http.Request.Headers.Range.Count > 0)
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest, "Cannot specify both Range header and partNumber query parameter", request.Resource);
        }

        if (version.Parts is null)
        {
            return number == 1 ? null : throw new S3Exception(S3ErrorCode.InvalidPartNumber, resource: request.Resource);
        }

        if (number > version.Parts.Length)
        {
            throw new S3Exception(S3ErrorCode.InvalidPartNumber, resource: request.Resource);
        }

        request.Http.Response.Headers["x-amz-mp-parts-count"] = version.Parts.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var offset = version.Parts.Take(number - 1).Sum(p => p.Size);
        return new ByteRange(offset, version.Parts[number - 1].Size);
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

    private static async Task StreamAsync(IErasureSetGrain set, ObjectVersion version, long start, long length, Stream body, CancellationToken cancel)
    {
        var blockSize = version.Layout.BlockSize;
        var first = start / blockSize;
        var last = (start + length - 1) / blockSize;
        var next = set.ReadBlock(version, first);
        for (var block = first; block <= last; block++)
        {
            var data = (await next).Value;
            if (block < last)
            {
                next = set.ReadBlock(version, block + 1);
            }

            var blockStart = block * blockSize;
            var from = (int)(Math.Max(start, blockStart) - blockStart);
            var to = (int)(Math.Min(start + length, blockStart + data.Length) - blockStart);
            await body.WriteAsync(data.AsMemory(from, to - from), cancel);
            MessageBufferPool.Return(data);
        }
    }
}
