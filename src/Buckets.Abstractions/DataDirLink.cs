namespace Buckets.Abstractions;

/// <summary>One data dir of a copy's source and the new data dir of the copy that shares its shard files.</summary>
[GenerateSerializer, Immutable, Alias("buckets.DataDirLink")]
public sealed record DataDirLink(Guid Source, Guid Target);
