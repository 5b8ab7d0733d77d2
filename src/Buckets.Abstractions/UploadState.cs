namespace Buckets.Abstractions;

/// <summary>An upload and its parts so far, in part number order.</summary>
[GenerateSerializer, Immutable, Alias("buckets.UploadState")]
public sealed record UploadState(UploadInfo Info, UploadedPart[] Parts);
