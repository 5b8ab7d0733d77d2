namespace Buckets.Abstractions;

/// <summary>A multipart upload in progress: what CreateMultipartUpload was given.</summary>
/// <param name="Headers">The content headers and x-amz-meta-* the object will get, as for a PutObject.</param>
/// <param name="Tags">The tag set (x-amz-tagging) the object will get at completion; null for none.</param>
[GenerateSerializer, Immutable, Alias("buckets.UploadInfo")]
public sealed record UploadInfo(string UploadId, string Bucket, string Key, DateTimeOffset Initiated, Dictionary<string, string> Headers,
    ObjectTag[]? Tags = null);
