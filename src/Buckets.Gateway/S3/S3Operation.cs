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
    GetBucketAcl,
    PutBucketAcl,
    GetObjectAcl,
    PutObjectAcl,
    GetBucketOwnershipControls,
    PutBucketOwnershipControls,

    /// <summary>GetBucketPolicy, GetBucketCors, ... of a configuration this server never holds (<see cref="AbsentBucketConfigurations"/>).</summary>
    GetBucketConfiguration,

    /// <summary>DeleteBucketPolicy, DeleteBucketCors, ... of such a configuration.</summary>
    DeleteBucketConfiguration,
    NotImplemented,
}
