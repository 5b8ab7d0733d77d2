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

    private static readonly HashSet<string> UploadListingParameters = new(StringComparer.Ordinal)
    {
        "prefix", "delimiter", "max-uploads", "encoding-type", "key-marker", "upload-id-marker",
    };

    private static readonly string[] ObjectReadSelectors = ["versionId", "partNumber"];

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

            if (query is ["acl"])
            {
                return HttpMethods.IsGet(method) ? S3Operation.GetBucketAcl
                    : HttpMethods.IsPut(method) ? S3Operation.PutBucketAcl
                    : S3Operation.NotImplemented;
            }

            if (query is ["ownershipControls"])
            {
                return HttpMethods.IsGet(method) ? S3Operation.GetBucketOwnershipControls
                    : HttpMethods.IsPut(method) ? S3Operation.PutBucketOwnershipControls
                    : S3Operation.NotImplemented;
            }

            if (query is [var configuration] && AbsentBucketConfigurations.Names(configuration))
            {
                return HttpMethods.IsGet(method) ? S3Operation.GetBucketConfiguration
                    : HttpMethods.IsDelete(method) && AbsentBucketConfigurations.CanDelete(configuration) ? S3Operation.DeleteBucketConfiguration
                    : S3Operation.NotImplemented;
            }

            if (query is ["versioning"])
            {
                return HttpMethods.IsGet(method) ? S3Operation.GetBucketVersioning
                    : HttpMethods.IsPut(method) ? S3Operation.PutBucketVersioning
                    : S3Operation.NotImplemented;
            }

            if (HttpMethods.IsGet(method) && query.Contains("uploads") && query.All(k => k == "uploads" || UploadListingParameters.Contains(k)))
            {
                return S3Operation.ListMultipartUploads;
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

        var multipart = MultipartOperation(request, method, query);
        if (multipart is { } operation)
        {
            return operation;
        }

        if (query.Contains("tagging"))
        {
            // Object tagging, of the latest version or the one versionId names.
            return query.Any(k => k is not ("tagging" or "versionId")) ? S3Operation.NotImplemented
                : HttpMethods.IsGet(method) ? S3Operation.GetObjectTagging
                : HttpMethods.IsPut(method) ? S3Operation.PutObjectTagging
                : HttpMethods.IsDelete(method) ? S3Operation.DeleteObjectTagging
                : S3Operation.NotImplemented;
        }

        if (query.Contains("acl"))
        {
            // The access control list of the latest version or of the one versionId names.
            return query.Any(k => k is not ("acl" or "versionId")) ? S3Operation.NotImplemented
                : HttpMethods.IsGet(method) ? S3Operation.GetObjectAcl
                : HttpMethods.IsPut(method) ? S3Operation.PutObjectAcl
                : S3Operation.NotImplemented;
        }

        // A version id selects what GET, HEAD and DELETE act on (a part number too for GET and HEAD); a PUT makes a
        // new version and takes none.
        var selectors = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? ObjectReadSelectors
            : HttpMethods.IsDelete(method) ? ["versionId"]
            : [];
        query = query.Where(k => !selectors.Contains(k)).ToArray();

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

    /// <summary>The multipart operations on a key, told apart by method and by uploads / uploadId / partNumber.</summary>
    private static S3Operation? MultipartOperation(HttpRequest request, string method, string[] query)
    {
        if (query is ["uploads"])
        {
            return HttpMethods.IsPost(method) ? S3Operation.CreateMultipartUpload : S3Operation.NotImplemented;
        }

        if (!query.Contains("uploadId"))
        {
            return null;
        }

        if (HttpMethods.IsPut(method) && query.Length == 2 && query.Contains("partNumber"))
        {
            return request.Headers.ContainsKey(CopySource.HeaderName) ? S3Operation.UploadPartCopy : S3Operation.UploadPart;
        }

        if (HttpMethods.IsGet(method) && query.All(k => k is "uploadId" or "max-parts" or "part-number-marker" or "encoding-type"))
        {
            return S3Operation.ListParts;
        }

        return query.Length != 1 ? S3Operation.NotImplemented
            : HttpMethods.IsPost(method) ? S3Operation.CompleteMultipartUpload
            : HttpMethods.IsDelete(method) ? S3Operation.AbortMultipartUpload
            : S3Operation.NotImplemented;
    }
}
