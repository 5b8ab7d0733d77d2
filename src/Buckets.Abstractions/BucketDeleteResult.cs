namespace Buckets.Abstractions;

public enum BucketDeleteResult
{
    Deleted,
    NotFound,
    NotEmpty,
}
