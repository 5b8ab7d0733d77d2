namespace Buckets.Abstractions;

/// <summary>
/// Every file operation on one disk, run on the silo that owns the disk. Calls interleave: one slow read does not
/// hold up the rest of the disk's requests.
/// </summary>
[Alias("buckets.IDiskStoreGrain")]
public interface IDiskStoreGrain : IGrainWithStringKey
{
    [Alias("WriteShard")]
    Task WriteShard(ShardWrite write);

    [Alias("ReadShard")]
    Task<ShardRead> ReadShard(string bucket, string key, Guid dataDir, long offset, int length);

    /// <summary>
    /// Makes every link's target data dir share the shard files of its source by hard links, durably. False, with
    /// none of the links left behind, when any source is missing on this disk: the disk then lacks the copy's shards.
    /// </summary>
    [Alias("LinkDataDirs")]
    Task<bool> LinkDataDirs(DataDirLinks links);

    [Alias("DeleteDataDir")]
    Task DeleteDataDir(string bucket, string key, Guid dataDir);

    /// <summary>
    /// Replaces the key's metadata document and, in the same durable step, its entry in the disk's listing index
    /// (<paramref name="listing"/> null: the key is not listed, e.g. a tombstone).
    /// </summary>
    [Alias("WriteObjectMetadata")]
    Task WriteObjectMetadata(string bucket, string key, Immutable<byte[]> document, ListingEntry? listing);

    /// <summary>
    /// <see cref="WriteObjectMetadata"/> for a registry that has not read the key, in a bucket without versioning: writes
    /// only over no document, a tombstone, or a document of the null version alone, and answers the document found
    /// either way. Anything else (versions a versioned bucket left behind, a format this silo cannot read) is refused
    /// untouched: the registry then reads the key and writes the full version list.
    /// </summary>
    [Alias("ReplaceUnversionedObjectMetadata")]
    Task<MetadataReplaced> ReplaceUnversionedObjectMetadata(string bucket, string key, Immutable<byte[]> document, ListingEntry? listing);

    [Alias("ReadObjectMetadata")]
    Task<Immutable<byte[]>?> ReadObjectMetadata(string bucket, string key);

    /// <summary>
    /// Removes the key's metadata document and listing entry, then the data dirs named in <paramref name="dataDirs"/>;
    /// every other data dir of the key (an open multipart upload's parts) stays.
    /// </summary>
    [Alias("DeleteObjectAndDataDirs")]
    Task DeleteObject(string bucket, string key, Guid[] dataDirs);

    /// <summary>One page of the disk's listing index of <paramref name="bucket"/>.</summary>
    [Alias("ListObjects")]
    Task<ListingPage> ListObjects(string bucket, ListingQuery query);

    [Alias("WriteUpload")]
    Task WriteUpload(string bucket, string uploadId, Immutable<byte[]> document);

    [Alias("ReadUpload")]
    Task<Immutable<byte[]>?> ReadUpload(string bucket, string uploadId);

    [Alias("DeleteUpload")]
    Task DeleteUpload(string bucket, string uploadId);

    /// <summary>The documents of every upload in progress of the bucket on this disk.</summary>
    [Alias("ListUploads")]
    Task<Immutable<byte[]>[]> ListUploads(string bucket);

    [Alias("WriteBucket")]
    Task WriteBucket(string bucket, Immutable<byte[]> document);

    [Alias("ReadBucket")]
    Task<Immutable<byte[]>?> ReadBucket(string bucket);

    [Alias("DeleteBucket")]
    Task DeleteBucket(string bucket);

    [Alias("ListBuckets")]
    Task<IReadOnlyList<string>> ListBuckets();

    [Alias("BucketHasObjects")]
    Task<bool> BucketHasObjects(string bucket);

    [Alias("WriteSystemDocument")]
    Task WriteSystemDocument(string name, Immutable<byte[]> document);

    [Alias("ReadSystemDocument")]
    Task<Immutable<byte[]>?> ReadSystemDocument(string name);

    /// <summary>The silo this activation runs on: how tests and operators check placement.</summary>
    [Alias("GetHost")]
    Task<string> GetHost();
}
