using System.Globalization;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Objects;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3.Multipart;

/// <summary>
/// UploadPart (PUT key?partNumber=N&amp;uploadId=X): streams the part to the object's erasure set into a data dir of
/// its own, as a PutObject streams an object, then records it with its upload. The ETag is the part's MD5.
/// </summary>
public static class UploadPart
{
    public const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    public static async Task HandleAsync(S3Request request, IGrainFactory grains)
    {
        var uploadId = UploadIds.FromQuery(request);
        var partNumber = PartNumber(request);
        await BucketOperations.RequireAsync(request, grains);
        var size = request.DeclaredLength ?? throw new S3Exception(S3ErrorCode.MissingContentLength, resource: request.Resource);
        if (size > MaxPartSize)
        {
            throw new S3Exception(S3ErrorCode.EntityTooLarge, resource: request.Resource);
        }

        var part = await StoreAsync(
            grains, uploadId, request.Bucket!, request.Key!, partNumber, request.Body, size, () => PutObject.Etag(request), request.Http.RequestAborted);
        request.Http.Response.Headers.ETag = S3Responses.QuotedETag(part.ETag);
        if (request.Payload?.Checksum is { } checksum)
        {
            // SDKs compare the echoed checksum with the one they sent, as for PutObject.
            ObjectHeaders.WriteChecksum(request.Http.Response, checksum);
        }

        request.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>
    /// Streams a part's bytes into a fresh data dir of the object's set and records the part with its upload. Shards of
    /// a part that could not be recorded are dropped again. <paramref name="etag"/> is asked once the source is read.
    /// </summary>
    public static async Task<UploadedPart> StoreAsync(
        IGrainFactory grains, string uploadId, string bucket, string key, int number, Stream source, long length, Func<string> etag, CancellationToken cancel)
    {
        var upload = grains.GetGrain<IMultipartUploadGrain>(uploadId);
        var ticket = await upload.BeginPart(bucket, key);
        var recorded = false;
        try
        {
            // An empty part (allowed as the last one) has no bytes to store.
            var mask = length == 0 ? ulong.MaxValue : await BlockWriter.WriteAsync(source, grains, bucket, key, ticket, length, cancel);
            await BlockWriter.ExpectEndAsync(source, cancel);
            var part = new UploadedPart(number, length, etag(), ticket.DataDir, DateTimeOffset.UtcNow, ticket.Layout);
            await upload.CommitPart(bucket, key, part, mask);
            recorded = true;
            return part;
        }
        finally
        {
            if (!recorded)
            {
                await DropQuietlyAsync(upload, bucket, key, ticket.DataDir);
            }
        }
    }

    // The upload decides, not the key's registry: the record may have gone through with only its answer lost.
    private static async Task DropQuietlyAsync(IMultipartUploadGrain upload, string bucket, string key, Guid dataDir)
    {
        try
        {
            await upload.DropPart(bucket, key, dataDir);
        }
        catch (Exception)
        {
            // Leftover shards of an unrecorded part are invisible; a later scan reclaims them.
        }
    }

    /// <summary>The partNumber query parameter: 1 to 10,000.</summary>
    public static int PartNumber(S3Request request)
    {
        var value = request.Http.Request.Query["partNumber"].ToString();
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > 10_000)
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive", request.Resource);
        }

        return number;
    }
}
