using System.Text;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Objects;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// PutObject: the body, with its MD5 (the ETag) and any x-amz-checksum-* computed and verified on the way through,
/// goes to <see cref="ObjectWriter"/>; the verified checksum is kept with the object.
/// </summary>
public static class PutObject
{
    public const int MaxKeyBytes = 1024;

    public static async Task HandleAsync(S3Request request, IGrainFactory grains, GatewayOptions options)
    {
        CheckKey(request.Key!, request.Resource);
        AccessControl.RequireNoGrants(request);
        var versioning = (await BucketOperations.RequireAsync(request, grains)).Versioning;
        var size = request.DeclaredLength ?? throw new S3Exception(S3ErrorCode.MissingContentLength, resource: request.Resource);
        if (size > options.MaxObjectSize)
        {
            throw new S3Exception(S3ErrorCode.EntityTooLarge, resource: request.Resource);
        }

        var headers = ObjectHeaders.FromRequest(request.Http.Request);
        var tags = ObjectTags.FromHeader(request.Http.Request);
        var createOnly = Preconditions.CreateOnly(request.Http.Request);
        var stored = await ObjectWriter.WriteAsync(grains, request.Bucket!, request.Key!, request.Body, size, options.InlineThreshold, createOnly, versioning, tags,
            () => (Etag(request), ObjectHeaders.WithChecksum(headers, request.Payload?.Checksum)), request.Http.RequestAborted);

        var response = request.Http.Response;
        if (versioning != BucketVersioning.Unversioned)
        {
            response.Headers["x-amz-version-id"] = stored.DisplayVersionId;
        }

        response.Headers.ETag = S3Responses.QuotedETag(stored.ETag);
        if (ObjectHeaders.ChecksumOf(stored.Headers) is { } checksum)
        {
            ObjectHeaders.WriteChecksum(response, checksum);
        }

        response.StatusCode = StatusCodes.Status200OK;
    }

    public static void CheckKey(string key, string resource)
    {
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw new S3Exception(S3ErrorCode.KeyTooLongError, resource: resource);
        }
    }

    /// <summary>The MD5 the body stream computed (and checked against Content-MD5) on its way through.</summary>
    public static string Etag(S3Request request) =>
        Convert.ToHexStringLower(request.Payload?.Md5 ?? throw new InvalidOperationException("The body's MD5 was not computed."));
}
