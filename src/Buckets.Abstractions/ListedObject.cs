namespace Buckets.Abstractions;

/// <summary>
/// One entry of a bucket listing: a key with its versions, newest first, or a common prefix
/// (<paramref name="IsPrefix"/>, no versions).
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.ListedObject")]
public sealed record ListedObject(string Name, bool IsPrefix, VersionSummary[] Versions);
