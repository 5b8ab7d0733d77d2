using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// Which operation a request is. Query parameters that name an S3 sub-resource this gateway does not serve yet
/// route to <see cref="S3Operation.NotImplemented"/>, so a client gets a clear 501 instead of a wrong answer
/// from the plain operation.
/// </summary>
public static class S3Routing
{
    // Parameters every operation may carry without changing its meaning: the SDKs' x-id, presigning, overrides.
    private static readonly HashSet<string> Neutral = new(StringComparer.OrdinalIgnoreCase)
    {
        "x-id", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Content-Sha256", "x-amz-checksum-mode",
        "response-content-type", "response-content-language", "response-expires", "response-cache-control",
        "response-content-disposition", "response-content-encoding",
    };

    public static S3Operation Route(HttpRequest request, string? bucket, string? key)
    {
        var query = request.Query.Keys.Where(k => !Neutral.Contains(k)).ToArray();
        var method = request.Method;
        if (bucket is null)
        {
            return HttpMethods.IsGet(method) && query.Length == 0 ? S3Operation.ListBuckets : S3Operation.NotImplemented;
        }

        if (key is null)
        {
            if (query.Length == 1 && query[0] == "location" && HttpMethods.IsGet(method))
            {
                return S3Operation.GetBucketLocation;
            }

            if (query.Length == 1 && query[0] == "delete" && HttpMethods.IsPost(method))
            {
                return S3Operation.DeleteObjects;
            }

            if (query.Length > 0)
            {
                return S3Operation.NotImplemented;
            }

            return method switch
            {
                _ when HttpMethods.IsPut(method) => S3Operation.CreateBucket,
                _ when HttpMethods.IsDelete(method) => S3Operation.DeleteBucket,
                _ when HttpMethods.IsHead(method) => S3Operation.HeadBucket,

                // ListObjects: the listing walk across sets comes with its own issue.
                _ => S3Operation.NotImplemented,
            };
        }

        // partNumber alone reads (part of) an object; beside uploadId it is UploadPart, which is not built yet.
        if (query.Length == 1 && query[0] == GetObject.PartNumberParameter && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)))
        {
            return HttpMethods.IsGet(method) ? S3Operation.GetObject : S3Operation.HeadObject;
        }

        if (query.Length > 0)
        {
            return S3Operation.NotImplemented;
        }

        return method switch
        {
            _ when HttpMethods.IsPut(method) && request.Headers.ContainsKey(CopySource.HeaderName) => S3Operation.CopyObject,
            _ when HttpMethods.IsPut(method) => S3Operation.PutObject,
            _ when HttpMethods.IsGet(method) => S3Operation.GetObject,
            _ when HttpMethods.IsHead(method) => S3Operation.HeadObject,
            _ when HttpMethods.IsDelete(method) => S3Operation.DeleteObject,
            _ => S3Operation.NotImplemented,
        };
    }
}
