namespace Buckets.Abstractions;

/// <summary>The list of all buckets, read from the disks rather than held anywhere: a stateless worker.</summary>
[Alias("buckets.IBucketDirectoryGrain")]
public interface IBucketDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<IReadOnlyList<BucketInfo>> List();
}
