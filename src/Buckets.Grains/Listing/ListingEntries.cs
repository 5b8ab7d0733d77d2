using Buckets.Abstractions;
using Buckets.Grains.Persistence;

namespace Buckets.Grains.Listing;

/// <summary>
/// What an object's metadata document leaves in the listing index. Computed from the versions when the registry
/// writes the document, and from the document itself when a disk rebuilds its index: both give the same bytes.
/// </summary>
public static class ListingEntries
{
    /// <summary>The most an index entry holds (Storage's limit).</summary>
    public const int MaxSummaryBytes = 64 * 1024;

    /// <summary>
    /// Null when no version is left: the key is not listed at all. A key with so many versions that their summary
    /// outgrows an index entry lists its newest ones only (ListObjectVersions then misses the oldest; GET by id still
    /// reads them).
    /// </summary>
    public static ListingEntry? For(DateTimeOffset stamp, IReadOnlyList<ObjectVersion> versions)
    {
        if (versions.Count == 0)
        {
            return null;
        }

        var listed = versions.Select(v => new VersionSummary(v.VersionId, v.IsDeleteMarker, v.LastModified, v.Size, v.ETag)).ToArray();
        var summary = ObjectSummaryCodec.Encode(stamp, listed);
        while (summary.Length > MaxSummaryBytes)
        {
            listed = listed[..(listed.Length * 3 / 4)];
            summary = ObjectSummaryCodec.Encode(stamp, listed);
        }

        return new ListingEntry(Hidden: versions[0].IsDeleteMarker, summary);
    }

    public static ListingEntry? For(ObjectMetadataDocument document) => For(document.EffectiveStamp, document.Versions);
}
