namespace Buckets.Abstractions;

public enum BucketCreateResult
{
    Created,
    AlreadyOwned,
}
