using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl, the ACL headers of writes and Get/PutBucketOwnershipControls,
/// as S3 does them for a bucket whose object ownership is "bucket owner enforced" (the default for new S3 buckets since
/// 2023, and the only model of a server with one owner): ACLs are disabled, reading one always answers full control for
/// the owner, and a request that sets an ACL succeeds only when that ACL says the same; any other grant is refused with
/// AccessControlListNotSupported rather than accepted and ignored.
/// </summary>
public static class AccessControl
{
    private const int MaxDocumentBytes = 64 * 1024;

    private const string CannedHeader = "x-amz-acl";

    private const string OwnershipHeader = "x-amz-object-ownership";

    private const string BucketOwnerEnforced = "BucketOwnerEnforced";

    private static readonly string[] GrantHeaders =
        ["x-amz-grant-full-control", "x-amz-grant-read", "x-amz-grant-read-acp", "x-amz-grant-write", "x-amz-grant-write-acp"];

    public static async Task GetBucketAsync(S3Request request, IGrainFactory grains, string owner)
    {
        await BucketOperations.RequireAsync(request, grains);
        await WriteAsync(request, owner);
    }

    public static async Task PutBucketAsync(S3Request request, IGrainFactory grains, string owner)
    {
        await BucketOperations.RequireAsync(request, grains);
        await RequireOwnerFullControlAsync(request, owner);
        request.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    public static async Task GetObjectAsync(S3Request request, IGrainFactory grains, string owner)
    {
        await RequireVersionAsync(request, grains);
        await WriteAsync(request, owner);
    }

    public static async Task PutObjectAsync(S3Request request, IGrainFactory grains, string owner)
    {
        await RequireVersionAsync(request, grains);
        await RequireOwnerFullControlAsync(request, owner);
        request.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    public static async Task GetOwnershipAsync(S3Request request, IGrainFactory grains)
    {
        await BucketOperations.RequireAsync(request, grains);
        var response = request.Http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = S3Xml.ContentType;
        await OwnershipControls.WriteAsync(response.Body, BucketOwnerEnforced, request.Http.RequestAborted);
    }

    /// <summary>Setting the ownership this server keeps succeeds; the others need ACLs, which it does not keep.</summary>
    public static async Task PutOwnershipAsync(S3Request request, IGrainFactory grains)
    {
        await BucketOperations.RequireAsync(request, grains);
        using var document = await RequestDocument.ReadAsync(request, MaxDocumentBytes, S3ErrorCode.MalformedXML, request.Http.RequestAborted);
        var ownership = OwnershipControls.Parse(document);
        if (ownership != BucketOwnerEnforced)
        {
            throw OwnershipNotImplemented(request, ownership);
        }

        request.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>PutObject, CopyObject and CreateMultipartUpload take only the canned ACLs that mean the owner's full control.</summary>
    public static void RequireNoGrants(S3Request request)
    {
        if (HeadersGrantOthers(request.Http.Request.Headers))
        {
            throw new S3Exception(S3ErrorCode.AccessControlListNotSupported, resource: request.Resource);
        }
    }

    /// <summary>CreateBucket: object ownership can only be "bucket owner enforced", so no bucket ACL may grant more.</summary>
    public static void RequireBucketOwnerEnforced(S3Request request)
    {
        var headers = request.Http.Request.Headers;
        if (headers.TryGetValue(OwnershipHeader, out var ownership) && ownership.ToString() != BucketOwnerEnforced)
        {
            throw OwnershipNotImplemented(request, ownership.ToString());
        }

        if (HeadersGrantOthers(headers))
        {
            throw new S3Exception(S3ErrorCode.InvalidBucketAclWithObjectOwnership, resource: request.Resource);
        }
    }

    private static S3Exception OwnershipNotImplemented(S3Request request, string ownership) => new(S3ErrorCode.NotImplemented,
        $"Object ownership {ownership} needs ACLs, which this server does not keep; only {BucketOwnerEnforced} is supported.", request.Resource);

    private static bool HeadersGrantOthers(IHeaderDictionary headers) =>
        (headers.TryGetValue(CannedHeader, out var canned) && canned.ToString() is not ("private" or "bucket-owner-full-control"))
        || GrantHeaders.Any(headers.ContainsKey);

    /// <summary>The version a request on an object's ACL names (the latest without versionId), its id answered as GetObject does.</summary>
    private static async Task RequireVersionAsync(S3Request request, IGrainFactory grains)
    {
        await BucketOperations.RequireAsync(request, grains);
        var versionId = VersionIds.FromQuery(request);
        var state = await grains.GetGrain<IObjectRegistryGrain>($"{request.Bucket}/{request.Key}").Get(versionId);
        var version = VersionIds.Require(request, versionId, state?.Version);
        VersionIds.WriteHeader(request.Http.Response, version, versionId);
    }

    /// <summary>A PutBucketAcl / PutObjectAcl sets its ACL by a canned ACL, grant headers or a document, and may set none other than the owner's full control.</summary>
    private static async Task RequireOwnerFullControlAsync(S3Request request, string owner)
    {
        var headers = request.Http.Request.Headers;
        var byHeaders = headers.ContainsKey(CannedHeader) || GrantHeaders.Any(headers.ContainsKey);
        using var document = await RequestDocument.ReadAsync(request, MaxDocumentBytes, S3ErrorCode.MalformedACLError, request.Http.RequestAborted);
        if (byHeaders && document.Length > 0)
        {
            throw new S3Exception(S3ErrorCode.UnexpectedContent, "This request does not support content when an ACL is given in headers", request.Resource);
        }

        if (!byHeaders && document.Length == 0)
        {
            throw new S3Exception(S3ErrorCode.MissingSecurityHeader, "Your request was missing a required header: x-amz-acl", request.Resource);
        }

        var ownerOnly = byHeaders ? !HeadersGrantOthers(headers) : AccessControlPolicy.GrantsOnlyOwnerFullControl(document, owner);
        if (!ownerOnly)
        {
            throw new S3Exception(S3ErrorCode.AccessControlListNotSupported, resource: request.Resource);
        }
    }

    private static async Task WriteAsync(S3Request request, string owner)
    {
        var response = request.Http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = S3Xml.ContentType;
        await AccessControlPolicy.WriteOwnerFullControlAsync(response.Body, new S3Owner(owner, owner), request.Http.RequestAborted);
    }
}
