using Buckets.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// DeleteObject: 204 whether or not the key existed, as S3 answers. In a versioned bucket it adds a delete marker,
/// unless a versionId names the version to remove for good.
/// </summary>
public static class DeleteObject
{
    public static async Task HandleAsync(S3Request request, IGrainFactory grains)
    {
        var bucket = await BucketOperations.RequireAsync(request, grains);
        var versionId = VersionIds.FromQuery(request);
        var outcome = await grains.GetGrain<IObjectRegistryGrain>($"{request.Bucket}/{request.Key}").Delete(versionId, bucket.Versioning);
        var response = request.Http.Response;
        if (outcome.VersionId is not null)
        {
            response.Headers["x-amz-version-id"] = outcome.VersionId;
        }

        if (outcome.IsDeleteMarker)
        {
            response.Headers["x-amz-delete-marker"] = "true";
        }

        response.StatusCode = StatusCodes.Status204NoContent;
    }
}
