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
        var version = VersionIds.Require(request, versionId, state?.Version);
        var response = request.Http.Response;
        VersionIds.WriteHeader(response, version, versionId);
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
        var version = VersionIds.Require(request, versionId, changed);
        var response = request.Http.Response;
        VersionIds.WriteHeader(response, version, versionId);
        response.StatusCode = status;
    }
}
