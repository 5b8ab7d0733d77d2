namespace Buckets.Storage;

internal enum IndexStatus
{
    /// <summary>Maintained and listable.</summary>
    Available,

    /// <summary>Being rebuilt from the metadata files: maintained by writes, listable once the rebuild ends.</summary>
    Rebuilding,

    /// <summary>Needs a rebuild that cannot happen (no indexer) or failed: writes leave it alone, listings fail.</summary>
    Unavailable,
}
