using Buckets.Abstractions;
using Buckets.Grains.Persistence;

namespace Buckets.Grains.Listing;

/// <summary>
/// What an object's metadata document leaves in the listing index. Computed from the version when the registry
/// writes the document, and from the document itself when a disk rebuilds its index: both give the same bytes.
/// </summary>
public static class ListingEntries
{
    public static ListingEntry For(ObjectVersion version) =>
        new(Hidden: false, ObjectSummaryCodec.Encode(
            version.LastModified,
            [new VersionSummary(VersionId: null, IsDeleteMarker: false, version.LastModified, version.Size, version.ETag)]));

    /// <summary>Null for a tombstone: a deleted key is not listed.</summary>
    public static ListingEntry? For(ObjectMetadataDocument document) =>
        document.Deleted ? null : For(document.Version);
}
