namespace Buckets.Abstractions;

/// <summary>One bucket: whether it exists, when it was made, its settings.</summary>
[Alias("buckets.IBucketGrain")]
public interface IBucketGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<BucketInfo?> Get();

    [Alias("Create")]
    Task<BucketCreateResult> Create();

    /// <summary>Sets the versioning state; false when the bucket does not exist.</summary>
    [Alias("SetVersioning")]
    Task<bool> SetVersioning(BucketVersioning versioning);

    [Alias("Delete")]
    Task<BucketDeleteResult> Delete();
}
