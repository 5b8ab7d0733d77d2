using Buckets.Grains.Persistence;
using Buckets.Storage;

namespace Buckets.Grains.Listing;

/// <summary>
/// Reads object metadata documents for the disks' key indexes, so a disk can rebuild a bucket's index from its
/// metadata files. Describes a document exactly as the registry does when it writes one (<see cref="ListingEntries"/>).
/// </summary>
public sealed class ObjectIndexer : IObjectIndexer
{
    public static readonly ObjectIndexer Instance = new();

    /// <summary>How every disk that grains serve is opened: with this indexer, so its indexes can be rebuilt.</summary>
    public static LocalDiskOptions DiskOptions { get; } = LocalDiskOptions.Default with { Indexer = Instance };

    public IndexedObject? Describe(string bucket, ReadOnlySpan<byte> metadataDocument)
    {
        var document = GrainJson.Deserialize<ObjectMetadataDocument>(metadataDocument.ToArray());
        if (document is null || !ObjectMetadataDocument.IsReadable(document.FormatVersion) || ListingEntries.For(document) is not { } entry)
        {
            return null;
        }

        return new IndexedObject(document.Version.Key, new IndexEntry(entry.Hidden, entry.Summary));
    }
}
