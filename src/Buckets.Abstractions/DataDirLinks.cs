namespace Buckets.Abstractions;

/// <summary>
/// A copy inside one erasure set made by hard links: every data dir of the source key (one, or one per part) gets a
/// twin in the destination key that shares its shard files on each disk.
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.DataDirLinks")]
public sealed record DataDirLinks(string SourceBucket, string SourceKey, string Bucket, string Key, DataDirLink[] DataDirs);
