namespace Buckets.Abstractions;

/// <summary>
/// What a delete did: <paramref name="VersionId"/> is the version removed or the delete marker created (null when
/// nothing versioned was involved), <paramref name="IsDeleteMarker"/> whether that version is a delete marker.
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.ObjectDeletion")]
public sealed record ObjectDeletion(bool Found, string? VersionId, bool IsDeleteMarker);
