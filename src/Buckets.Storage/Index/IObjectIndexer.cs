namespace Buckets.Storage;

/// <summary>
/// Reads the layer above's metadata documents for the key index, which Storage cannot parse. Needed to rebuild a
/// bucket's index from its metadata files (a disk written before the index existed, or a damaged index); without
/// one, such an index is unavailable (<see cref="ObjectIndexUnavailableException"/>) while metadata writes go on.
/// Crash recovery of the index does not need it.
/// </summary>
/// <remarks>Called concurrently, from thread-pool threads, possibly for many documents of one bucket in a row.</remarks>
public interface IObjectIndexer
{
    /// <summary>
    /// The key a metadata document belongs to and the entry the index should hold for it; null when the document
    /// is not listable at all (a tombstone, a document this version cannot read). Must describe a document the same
    /// way <c>WriteObjectMetadataAsync</c>'s caller does.
    /// </summary>
    IndexedObject? Describe(string bucket, ReadOnlySpan<byte> metadataDocument);
}
