using Buckets.Abstractions;
using Buckets.Grains.Persistence;
using Buckets.Grains.Placement;
using Buckets.Storage;
using Orleans.Placement;
using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Disks;

/// <summary>
/// The only code that touches a disk. Reentrant, because its work is I/O: requests to one disk overlap instead of
/// queueing behind one another; the file layer keeps each operation atomic on its own.
/// </summary>
[Reentrant]
[DiskPlacement]
[Immovable]
internal sealed class DiskStoreGrain(LocalDiskRegistry registry, ILogger<DiskStoreGrain> logger) : Grain, IDiskStoreGrain
{
    private LocalDisk? disk;

    private LocalDisk Disk => disk ?? throw new InvalidOperationException("The disk is not open.");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (!DiskStoreKey.TryParse(key, out var diskId, out _) || !registry.TryGet(diskId, out var local))
        {
            throw new InvalidOperationException($"Disk {key} is not served by this silo.");
        }

        disk = local;
        DiskLog.Activated(logger, key, local.Root);
        return Task.CompletedTask;
    }

    Task IDiskStoreGrain.WriteShard(ShardWrite write) =>
        Disk.WriteShardAsync(write.Bucket, write.Key, write.DataDir, write.Offset, write.Data.Value.AsMemory(write.DataStart, write.Length), write.Flush).AsTask();

    async Task<ShardRead> IDiskStoreGrain.ReadShard(string bucket, string key, Guid dataDir, long offset, int length)
    {
        // Handed to the caller, which returns it to the pool after decoding (same array on a local call).
        var buffer = MessageBufferPool.Rent(length);
        var read = await Disk.ReadShardAsync(bucket, key, dataDir, offset, buffer);
        return new ShardRead(new Immutable<byte[]>(buffer), read);
    }

    async Task<bool> IDiskStoreGrain.LinkDataDirs(DataDirLinks links)
    {
        var linked = await Task.WhenAll(links.DataDirs.Select(l =>
            Disk.LinkDataDirAsync(links.SourceBucket, links.SourceKey, l.Source, links.Bucket, links.Key, l.Target).AsTask()));
        if (linked.All(l => l))
        {
            return true;
        }

        // A disk that lacks one part lacks the object: the parts it did link would only be garbage.
        await Task.WhenAll(links.DataDirs.Where((_, i) => linked[i]).Select(l => Disk.DeleteDataDirAsync(links.Bucket, links.Key, l.Target).AsTask()));
        return false;
    }

    Task IDiskStoreGrain.DeleteDataDir(string bucket, string key, Guid dataDir) =>
        Disk.DeleteDataDirAsync(bucket, key, dataDir).AsTask();

    Task IDiskStoreGrain.WriteObjectMetadata(string bucket, string key, Immutable<byte[]> document, ListingEntry? listing) =>
        Disk.WriteObjectMetadataAsync(bucket, key, document.Value, listing is null ? null : new IndexEntry(listing.Hidden, listing.Summary)).AsTask();

    async Task<MetadataReplaced> IDiskStoreGrain.ReplaceUnversionedObjectMetadata(string bucket, string key, Immutable<byte[]> document, ListingEntry? listing)
    {
        var replacement = await Disk.ReplaceObjectMetadataAsync(
            bucket, key, document.Value, listing is null ? null : new IndexEntry(listing.Hidden, listing.Summary), ObjectMetadataDocument.HoldsNullVersionAtMost);
        return new MetadataReplaced(replacement.Written, Wrap(replacement.Previous));
    }

    async Task<ListingPage> IDiskStoreGrain.ListObjects(string bucket, ListingQuery query)
    {
        var page = await Disk.ListIndexAsync(bucket, new IndexQuery(query.Prefix, query.StartAfter, query.Delimiter, query.Limit, query.IncludeHidden));
        var items = new ListingItem[page.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var item = page.Items[i];
            items[i] = item.IsCommonPrefix
                ? new ListingItem(item.Name, IsPrefix: true, Hidden: false, Summary: null)
                : new ListingItem(item.Name, IsPrefix: false, item.Entry.Hidden, item.Entry.Summary.ToArray());
        }

        return new ListingPage(items, page.IsTruncated);
    }

    async Task<Immutable<byte[]>?> IDiskStoreGrain.ReadObjectMetadata(string bucket, string key) =>
        Wrap(await Disk.ReadObjectMetadataAsync(bucket, key));

    Task IDiskStoreGrain.DeleteObject(string bucket, string key, Guid[] dataDirs) => Disk.DeleteObjectAsync(bucket, key, dataDirs).AsTask();

    Task IDiskStoreGrain.WriteUpload(string bucket, string uploadId, Immutable<byte[]> document) =>
        Disk.WriteUploadAsync(bucket, uploadId, document.Value).AsTask();

    async Task<Immutable<byte[]>?> IDiskStoreGrain.ReadUpload(string bucket, string uploadId) => Wrap(await Disk.ReadUploadAsync(bucket, uploadId));

    Task IDiskStoreGrain.DeleteUpload(string bucket, string uploadId) => Disk.DeleteUploadAsync(bucket, uploadId).AsTask();

    async Task<Immutable<byte[]>[]> IDiskStoreGrain.ListUploads(string bucket) =>
        (await Disk.ListUploadsAsync(bucket)).Select(d => new Immutable<byte[]>(d)).ToArray();

    Task IDiskStoreGrain.WriteBucket(string bucket, Immutable<byte[]> document) =>
        Disk.WriteBucketAsync(bucket, document.Value).AsTask();

    async Task<Immutable<byte[]>?> IDiskStoreGrain.ReadBucket(string bucket) => Wrap(await Disk.ReadBucketAsync(bucket));

    Task IDiskStoreGrain.DeleteBucket(string bucket) => Disk.DeleteBucketAsync(bucket).AsTask();

    Task<IReadOnlyList<string>> IDiskStoreGrain.ListBuckets() => Disk.ListBucketsAsync().AsTask();

    Task<bool> IDiskStoreGrain.BucketHasObjects(string bucket) => Disk.BucketHasObjectsAsync(bucket).AsTask();

    Task IDiskStoreGrain.WriteSystemDocument(string name, Immutable<byte[]> document) =>
        Disk.WriteSystemDocumentAsync(name, document.Value).AsTask();

    async Task<Immutable<byte[]>?> IDiskStoreGrain.ReadSystemDocument(string name) => Wrap(await Disk.ReadSystemDocumentAsync(name));

    Task<string> IDiskStoreGrain.GetHost() => Task.FromResult(RuntimeIdentity);

    private static Immutable<byte[]>? Wrap(byte[]? bytes) => bytes is null ? null : new Immutable<byte[]>(bytes);
}
