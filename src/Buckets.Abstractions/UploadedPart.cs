namespace Buckets.Abstractions;

/// <summary>A part as its upload holds it: stored and durable on a write quorum, not yet part of any object.</summary>
[GenerateSerializer, Immutable, Alias("buckets.UploadedPart")]
public sealed record UploadedPart(int Number, long Size, string ETag, Guid DataDir, DateTimeOffset LastModified);
