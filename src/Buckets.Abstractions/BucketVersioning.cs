namespace Buckets.Abstractions;

/// <summary>
/// A bucket's versioning state. A bucket starts <see cref="Unversioned"/>; once versioning is enabled it can only
/// be suspended, never turned off again (as in S3).
/// </summary>
[GenerateSerializer, Alias("buckets.BucketVersioning")]
public enum BucketVersioning
{
    Unversioned,
    Enabled,
    Suspended,
}
