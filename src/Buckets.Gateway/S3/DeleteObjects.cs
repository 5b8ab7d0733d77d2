using System.Text;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Buckets.Gateway.S3;

/// <summary>
/// DeleteObjects (POST /bucket?delete): up to 1,000 keys in one request, each deleted as DeleteObject would and
/// reported on its own. The body must carry an integrity check (Content-MD5 or an x-amz-checksum-*), verified before
/// anything is deleted; a key that does not exist is reported deleted, as S3 does.
/// </summary>
public static class DeleteObjects
{
    /// <summary>1,000 keys of 1,024 bytes with their markup fit several times over; past this the body is refused unread.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>Deletes in flight at once: each is a quorum write on its key's disks.</summary>
    private const int Parallelism = 16;

    public static async Task HandleAsync(S3Request request, IGrainFactory grains, ILogger logger)
    {
        RequestDocument.RequireIntegrityCheck(request.Http.Request);
        var versioning = (await BucketOperations.RequireAsync(request, grains)).Versioning;
        var cancel = request.Http.RequestAborted;
        using var document = await RequestDocument.ReadAsync(request, MaxBodyBytes, S3ErrorCode.MaxMessageLengthExceeded, cancel);
        var delete = DeleteRequest.Parse(document);

        var outcomes = new DeleteOutcome[delete.Objects.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, outcomes.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancel },
            async (i, _) => outcomes[i] = await DeleteAsync(request, grains, delete.Objects[i], versioning, logger));

        var response = request.Http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = S3Xml.ContentType;
        await S3Xml.WriteDeleteResultAsync(response.Body, outcomes, delete.Quiet, cancel);
    }

    private static async Task<DeleteOutcome> DeleteAsync(
        S3Request request, IGrainFactory grains, ObjectIdentifier target, BucketVersioning versioning, ILogger logger)
    {
        if (target.Key.Length == 0)
        {
            return new DeleteOutcome(target, S3ErrorCode.InvalidArgument.Code, "An object key must not be empty.");
        }

        if (Encoding.UTF8.GetByteCount(target.Key) > PutObject.MaxKeyBytes)
        {
            return new DeleteOutcome(target, S3ErrorCode.KeyTooLongError.Code, S3ErrorCode.KeyTooLongError.DefaultMessage);
        }

        if (target.VersionId is { } versionId && !VersionIds.IsWellFormed(versionId))
        {
            return new DeleteOutcome(target, S3ErrorCode.InvalidArgument.Code, VersionIds.InvalidMessage);
        }

        try
        {
            var deletion = await grains.GetGrain<IObjectRegistryGrain>($"{request.Bucket}/{target.Key}").Delete(target.VersionId, versioning);
            return new DeleteOutcome(target, DeleteMarker: deletion.IsDeleteMarker, DeleteMarkerVersionId: deletion.IsDeleteMarker ? deletion.VersionId : null);
        }
        catch (StorageUnavailableException error)
        {
            GatewayLog.StorageUnavailable(logger, S3Operation.DeleteObjects, $"/{request.Bucket}/{target.Key}", error.Message);
            return new DeleteOutcome(target, S3ErrorCode.ServiceUnavailable.Code, S3ErrorCode.ServiceUnavailable.DefaultMessage);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            GatewayLog.Failed(logger, error, S3Operation.DeleteObjects, $"/{request.Bucket}/{target.Key}", request.RequestId);
            return new DeleteOutcome(target, S3ErrorCode.InternalError.Code, S3ErrorCode.InternalError.DefaultMessage);
        }
    }
}
