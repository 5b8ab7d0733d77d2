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

        var (bucket, key) = (request.Bucket!, request.Key!);
        var upload = grains.GetGrain<IMultipartUploadGrain>(uploadId);
        var ticket = await upload.BeginPart(bucket, key);
        var cancel = request.Http.RequestAborted;
        var recorded = false;
        try
        {
            // An empty part (allowed as the last one) has no bytes to store.
            var mask = size == 0 ? ulong.MaxValue : await BlockWriter.WriteAsync(request.Body, grains, bucket, key, ticket, size, cancel);
            await BlockWriter.ExpectEndAsync(request.Body, cancel);
            var part = new UploadedPart(partNumber, size, PutObject.Etag(request), ticket.DataDir, DateTimeOffset.UtcNow);
            await upload.CommitPart(bucket, key, part, mask);
            recorded = true;
            request.Http.Response.Headers.ETag = S3Responses.QuotedETag(part.ETag);
            request.Http.Response.StatusCode = StatusCodes.Status200OK;
        }
        finally
        {
            if (!recorded)
            {
                await DropAsync(grains, bucket, key, ticket);
            }
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

    /// <summary>Drops the shards of a part that was never recorded.</summary>
    public static async Task DropAsync(IGrainFactory grains, string bucket, string key, WriteTicket ticket)
    {
        try
        {
            await grains.GetGrain<IObjectRegistryGrain>($"{bucket}/{key}").Abort(ticket);
        }
        catch (Exception)
        {
            // Shards of a part never recorded are invisible; a later scan reclaims them.
        }
    }
}
