using Buckets.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>DeleteObject: 204 whether or not the key existed, as S3 answers.</summary>
public static class DeleteObject
{
    public static async Task HandleAsync(S3Request request, IGrainFactory grains)
    {
        await BucketOperations.RequireAsync(request, grains);
        await grains.GetGrain<IObjectRegistryGrain>($"{request.Bucket}/{request.Key}").Delete();
        request.Http.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
