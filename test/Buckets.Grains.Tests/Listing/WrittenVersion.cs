namespace Buckets.Grains.Tests.Listing;

/// <summary>
/// A version as a test wrote it: what a listing and a read by id must show of it. A delete marker has no content, and
/// its modification time is the registry's (null here).
/// </summary>
internal sealed record WrittenVersion(string VersionId, bool IsDeleteMarker, long Size, string ETag, DateTimeOffset? LastModified, byte[]? Content);
