using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation.</summary>
public static class BucketOperations
{
    public static async Task CreateAsync(S3Request request, IGrainFactory grains)
    {
        var name = request.Bucket!;
        if (!BucketNames.IsValid(name))
        {
            throw new S3Exception(S3ErrorCode.InvalidBucketName, resource: request.Resource);
        }

        AccessControl.RequireBucketOwnerEnforced(request);
        // The optional CreateBucketConfiguration only names a location, and this server has one.
        await request.Body.CopyToAsync(Stream.Null, request.Http.RequestAborted);
        var result = await grains.GetGrain<IBucketGrain>(name).Create();
        if (result == BucketCreateResult.AlreadyOwned)
        {
            throw new S3Exception(S3ErrorCode.BucketAlreadyOwnedByYou, resource: request.Resource);
        }

        request.Http.Response.Headers.Location = "/" + name;
        request.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    public static async Task DeleteAsync(S3Request request, IGrainFactory grains)
    {
        switch (await grains.GetGrain<IBucketGrain>(request.Bucket!).Delete())
        {
            case BucketDeleteResult.NotFound:
                throw new S3Exception(S3ErrorCode.NoSuchBucket, resource: request.Resource);
            case BucketDeleteResult.NotEmpty:
                throw new S3Exception(S3ErrorCode.BucketNotEmpty, resource: request.Resource);
            default:
                request.Http.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
        }
    }

    public static async Task HeadAsync(S3Request request, IGrainFactory grains, string region)
    {
        await RequireAsync(request, grains);
        request.Http.Response.Headers["x-amz-bucket-region"] = region;
        request.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    public static async Task LocationAsync(S3Request request, IGrainFactory grains, string region)
    {
        await RequireAsync(request, grains);

        request.Http.Response.ContentType = S3Xml.ContentType;
        await S3Xml.WriteLocationConstraintAsync(request.Http.Response.Body, region, request.Http.RequestAborted);
    }

    public static async Task<BucketInfo> RequireAsync(S3Request request, IGrainFactory grains) =>
        await grains.GetGrain<IBucketGrain>(request.Bucket!).Get()
        ?? throw new S3Exception(S3ErrorCode.NoSuchBucket, resource: "/" + request.Bucket);
}
