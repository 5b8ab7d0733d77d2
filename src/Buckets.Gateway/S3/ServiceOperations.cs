using Buckets.Abstractions;
using Buckets.Gateway.Xml;

namespace Buckets.Gateway.S3;

/// <summary>Requests to the service root: ListBuckets.</summary>
public static class ServiceOperations
{
    public static async Task ListBucketsAsync(S3Request request, IGrainFactory grains, string owner)
    {
        var buckets = await grains.GetGrain<IBucketDirectoryGrain>(0).List();
        var response = request.Http.Response;
        response.ContentType = S3Xml.ContentType;
        await S3Xml.WriteListAllMyBucketsAsync(
            response.Body, new S3Owner(owner, owner), buckets.Select(b => new BucketEntry(b.Name, b.Created)), request.Http.RequestAborted);
    }
}
