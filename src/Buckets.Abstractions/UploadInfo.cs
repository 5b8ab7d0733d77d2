namespace Buckets.Abstractions;

/// <summary>A multipart upload in progress: what CreateMultipartUpload was given.</summary>
/// <param name="Headers">The content headers and x-amz-meta-* the object will get, as for a PutObject.</param>
[GenerateSerializer, Immutable, Alias("buckets.UploadInfo")]
public sealed record UploadInfo(string UploadId, string Bucket, string Key, DateTimeOffset Initiated, Dictionary<string, string> Headers);
