using Buckets.Abstractions;
using Buckets.Gateway.Errors;

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
}
