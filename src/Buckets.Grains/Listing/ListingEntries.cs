using Buckets.Abstractions;
using Buckets.Grains.Persistence;

namespace Buckets.Grains.Listing;

/// <summary>
/// What an object's metadata document leaves in the listing index. Computed from the versions when the registry
/// writes the document, and from the document itself when a disk rebuilds its index: both give the same bytes.
/// </summary>
public static class ListingEntries
{
    /// <summary>Null when no version is left: the key is not listed at all.</summary>
    public static ListingEntry? For(DateTimeOffset stamp, IReadOnlyList<ObjectVersion> versions) =>
        versions.Count == 0
            ? null
            : new ListingEntry(
                Hidden: versions[0].IsDeleteMarker,
                ObjectSummaryCodec.Encode(stamp, versions.Select(v => new VersionSummary(v.VersionId, v.IsDeleteMarker, v.LastModified, v.Size, v.ETag)).ToArray()));

    public static ListingEntry? For(ObjectMetadataDocument document) => For(document.EffectiveStamp, document.Versions);
}
