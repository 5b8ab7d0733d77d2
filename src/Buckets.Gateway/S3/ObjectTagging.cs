using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// GetObjectTagging, PutObjectTagging and DeleteObjectTagging (<c>?tagging</c> on a key, with an optional versionId):
/// the tag set lives in the version's metadata, and a change is a metadata switch through the key's registry.
/// </summary>
public static class ObjectTagging
{
    /// <summary>Ten tags at their longest, in 4-byte characters, fit several times over.</summary>
    private const int MaxDocumentBytes = 64 * 1024;

    public static async Task GetAsync(S3Request request, IGrainFactory grains)
    {
        await BucketOperations.RequireAsync(request, grains);
        var versionId = VersionIds.FromQuery(request);
        var state = await grains.GetGrain<IObjectRegistryGrain>($"{request.Bucket}/{request.Key}").Get(versionId);
        var version = Require(request, versionId, state?.Version);
        var response = request.Http.Response;
        WriteVersionId(response, version, versionId);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = S3Xml.ContentType;
        await TaggingDocument.WriteAsync(response.Body, version.Tags ?? [], request.Http.RequestAborted);
    }

    public static async Task PutAsync(S3Request request, IGrainFactory grains)
    {
        RequestDocument.RequireIntegrityCheck(request.Http.Request);
        await BucketOperations.RequireAsync(request, grains);
        var versionId = VersionIds.FromQuery(request);
        using var document = await RequestDocument.ReadAsync(request, MaxDocumentBytes, S3ErrorCode.MalformedXML, request.Http.RequestAborted);
        var tags = TaggingDocument.Parse(document);
        ObjectTags.Validate(tags);
        await SetAsync(request, grains, versionId, [.. tags], StatusCodes.Status200OK);
    }

    public static async Task DeleteAsync(S3Request request, IGrainFactory grains)
    {
        await BucketOperations.RequireAsync(request, grains);
        await SetAsync(request, grains, VersionIds.FromQuery(request), null, StatusCodes.Status204NoContent);
    }

    private static async Task SetAsync(S3Request request, IGrainFactory grains, string? versionId, ObjectTag[]? tags, int status)
    {
        var changed = await grains.GetGrain<IObjectRegistryGrain>($"{request.Bucket}/{request.Key}").SetTags(versionId, tags);
        var version = Require(request, versionId, changed);
        var response = request.Http.Response;
        WriteVersionId(response, version, versionId);
        response.StatusCode = status;
    }

    /// <summary>The version the request names, or S3's error: no key, no such version, or a delete marker (which has no tags).</summary>
    private static ObjectVersion Require(S3Request request, string? versionId, ObjectVersion? version)
    {
        if (version is null)
        {
            throw new S3Exception(versionId is null ? S3ErrorCode.NoSuchKey : S3ErrorCode.NoSuchVersion, resource: request.Resource);
        }

        if (version.IsDeleteMarker)
        {
            throw new S3Exception(versionId is null ? S3ErrorCode.NoSuchKey : S3ErrorCode.MethodNotAllowed, resource: request.Resource)
            {
                Headers = VersionIds.DeleteMarkerHeaders(version),
            };
        }

        return version;
    }

    /// <summary>As GetObject: the version id of a version written under versioning, or of one a request named.</summary>
    private static void WriteVersionId(HttpResponse response, ObjectVersion version, string? versionId)
    {
        if (version.VersionId is not null || versionId is not null)
        {
            response.Headers["x-amz-version-id"] = version.DisplayVersionId;
        }
    }
}
