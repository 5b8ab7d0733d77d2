namespace Buckets.Gateway.S3;

/// <summary>
/// Version ids in requests, before versioning exists: every bucket is unversioned, and its objects have the one
/// version S3 calls "null". Any other id names no version this server ever issued.
/// </summary>
public static class ObjectVersions
{
    public const string NullVersionId = "null";

    /// <summary>S3's answer (400 InvalidArgument) to a version id that cannot name a version of the object.</summary>
    public const string InvalidVersionMessage = "Invalid version id specified";

    /// <summary>Whether a request's version id (absent, or "null") names the object's current version.</summary>
    public static bool IsCurrent(string? versionId) => versionId is null || versionId == NullVersionId;
}
