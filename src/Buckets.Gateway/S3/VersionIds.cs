using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>The versionId query parameter: absent (the latest version), "null", or an id this server issued.</summary>
public static class VersionIds
{
    private const int IdLength = 32;

    /// <summary>Null when the request names no version.</summary>
    public static string? FromQuery(S3Request request)
    {
        var query = request.Http.Request.Query;
        if (!query.TryGetValue("versionId", out var values))
        {
            return null;
        }

        var value = values.ToString();
        if (value.Length == 0)
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, "Version id cannot be the empty string", request.Resource);
        }

        return IsWellFormed(value) ? value : throw new S3Exception(S3ErrorCode.InvalidArgument, InvalidMessage, request.Resource);
    }

    /// <summary>S3's answer (400 InvalidArgument) to a version id that cannot name a version.</summary>
    public const string InvalidMessage = "Invalid version id specified";

    /// <summary>"null", or an id this server could have issued.</summary>
    public static bool IsWellFormed(string value) =>
        value == ObjectVersion.NullVersionId || (value.Length == IdLength && value.All(char.IsAsciiHexDigitLower));

    /// <summary>The headers S3 answers about a delete marker, on errors as on success.</summary>
    public static Dictionary<string, string> DeleteMarkerHeaders(ObjectVersion marker) => new()
    {
        ["x-amz-delete-marker"] = "true",
        ["x-amz-version-id"] = marker.DisplayVersionId,
        ["Last-Modified"] = S3Responses.HttpTime(marker.LastModified),
    };

    /// <summary>The version the request names, or S3's error: no key, no such version, or a delete marker (which has neither tags nor an ACL).</summary>
    public static ObjectVersion Require(S3Request request, string? versionId, ObjectVersion? version)
    {
        if (version is null)
        {
            throw new S3Exception(versionId is null ? S3ErrorCode.NoSuchKey : S3ErrorCode.NoSuchVersion, resource: request.Resource);
        }

        if (version.IsDeleteMarker)
        {
            throw new S3Exception(versionId is null ? S3ErrorCode.NoSuchKey : S3ErrorCode.MethodNotAllowed, resource: request.Resource)
            {
                Headers = DeleteMarkerHeaders(version),
            };
        }

        return version;
    }

    /// <summary>As GetObject: the version id of a version written under versioning, or of one a request named.</summary>
    public static void WriteHeader(HttpResponse response, ObjectVersion version, string? versionId)
    {
        if (version.VersionId is not null || versionId is not null)
        {
            response.Headers["x-amz-version-id"] = version.DisplayVersionId;
        }
    }
}
