using Buckets.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3.Multipart;

/// <summary>AbortMultipartUpload (DELETE key?uploadId=X): ends the upload and frees its parts.</summary>
public static class AbortMultipartUpload
{
    public static async Task HandleAsync(S3Request request, IGrainFactory grains)
    {
        var uploadId = UploadIds.FromQuery(request);
        await BucketOperations.RequireAsync(request, grains);
        await grains.GetGrain<IMultipartUploadGrain>(uploadId).Abort(request.Bucket!, request.Key!);
        request.Http.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
