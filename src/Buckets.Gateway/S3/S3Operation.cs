namespace Buckets.Gateway.S3;

/// <summary>The S3 operations the gateway routes, named as in the S3 API reference (metric and log labels).</summary>
public enum S3Operation
{
    ListBuckets,
    CreateBucket,
    DeleteBucket,
    HeadBucket,
    GetBucketLocation,
    ListObjects,
    ListObjectsV2,
    ListObjectVersions,
    GetBucketVersioning,
    PutBucketVersioning,
    PutObject,
    GetObject,
    HeadObject,
    DeleteObject,
    CreateMultipartUpload,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    ListParts,
    ListMultipartUploads,
    DeleteObjects,
    CopyObject,
    GetObjectTagging,
    PutObjectTagging,
    DeleteObjectTagging,
    NotImplemented,
}
