namespace Buckets.Abstractions;

/// <summary>
/// Lists one bucket (the key): walks every erasure set's disks in parallel through their sorted indexes and merges
/// the walks, keeping what a read quorum of a set's disks agrees on. A stateless worker, activated where it is called.
/// </summary>
[Alias("buckets.IObjectListingGrain")]
public interface IObjectListingGrain : IGrainWithStringKey
{
    [Alias("List")]
    Task<ObjectListing> List(ListingQuery query);

    /// <summary>Every multipart upload in progress in the bucket that a read quorum of its set knows.</summary>
    [Alias("ListUploads")]
    Task<UploadInfo[]> ListUploads();

    /// <summary>Aborts the bucket's uploads initiated before <paramref name="cutoff"/>; how many there were.</summary>
    [Alias("AbortUploadsBefore")]
    Task<int> AbortUploadsBefore(DateTimeOffset cutoff);
}
