namespace Buckets.Abstractions;

/// <summary>
/// What a listing shows of one version of an object. <paramref name="VersionId"/> is null for the version written
/// while versioning was never enabled or suspended (S3's "null" version).
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.VersionSummary")]
public sealed record VersionSummary(string? VersionId, bool IsDeleteMarker, DateTimeOffset LastModified, long Size, string ETag);
