namespace Buckets.Abstractions;

/// <summary>A part as CompleteMultipartUpload names it: its number and the ETag its upload returned.</summary>
[GenerateSerializer, Immutable, Alias("buckets.CompletedPart")]
public sealed record CompletedPart(int Number, string ETag);
