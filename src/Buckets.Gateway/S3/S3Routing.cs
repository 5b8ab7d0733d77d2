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

    // What a listing may carry; any other parameter on GET bucket names a sub-resource (acl, policy, ...).
    private static readonly HashSet<string> ListingParameters = new(StringComparer.Ordinal)
    {
        "prefix", "delimiter", "max-keys", "encoding-type", "marker", "list-type", "continuation-token", "start-after", "fetch-owner",
    };

    private static readonly HashSet<string> VersionListingParameters = new(StringComparer.Ordinal)
    {
        "prefix", "delimiter", "max-keys", "encoding-type", "key-marker", "version-id-marker",
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

            if (query is ["versioning"])
            {
                return HttpMethods.IsGet(method) ? S3Operation.GetBucketVersioning
                    : HttpMethods.IsPut(method) ? S3Operation.PutBucketVersioning
                    : S3Operation.NotImplemented;
            }

            if (HttpMethods.IsGet(method) && query.Contains("versions") && query.All(k => k == "versions" || VersionListingParameters.Contains(k)))
            {
                return S3Operation.ListObjectVersions;
            }

            if (HttpMethods.IsGet(method) && query.All(ListingParameters.Contains))
            {
                return request.Query.ContainsKey("list-type") ? S3Operation.ListObjectsV2 : S3Operation.ListObjects;
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
                _ => S3Operation.NotImplemented,
            };
        }

        // A version id selects what GET, HEAD and DELETE act on; a PUT makes a new version and takes none.
        if (query is ["versionId"] && !HttpMethods.IsPut(method))
        {
            query = [];
        }

        if (query.Length > 0 || request.Headers.ContainsKey("x-amz-copy-source"))
        {
            return S3Operation.NotImplemented;
        }

        return method switch
        {
            _ when HttpMethods.IsPut(method) => S3Operation.PutObject,
            _ when HttpMethods.IsGet(method) => S3Operation.GetObject,
            _ when HttpMethods.IsHead(method) => S3Operation.HeadObject,
            _ when HttpMethods.IsDelete(method) => S3Operation.DeleteObject,
            _ => S3Operation.NotImplemented,
        };
    }
}
