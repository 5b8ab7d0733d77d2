namespace Buckets.Storage;

/// <summary>
/// Named moments at which <see cref="LocalDiskOptions.FaultInjection"/> is called, so crash tests can stop an
/// operation exactly there (by throwing) and then look at what a restart finds, and race tests can hold it there
/// (by blocking) while another operation goes on.
/// </summary>
internal static class FaultPoints
{
    /// <summary>A metadata write: temp file and journal record durable, rename not done.</summary>
    public const string BeforeMetadataRename = "before-metadata-rename";

    /// <summary>A delete of an object, its bucket's index open, before the delete pins its index change.</summary>
    public const string DeleteBeforeIndexPin = "delete-before-index-pin";

    /// <summary>A delete of an object: its index change pinned and its key looked up, the object not yet moved.</summary>
    public const string DeleteIndexLookedUp = "delete-index-looked-up";

    /// <summary>An index rebuild about to read its next object, holding no lock and no memtable pin.</summary>
    public const string RebuildNextDocument = "rebuild-next-document";

    /// <summary>An index rebuild: a metadata file read under its object's stripe lock, its entry not yet applied.</summary>
    public const string RebuildDocumentRead = "rebuild-document-read";

    /// <summary>A memtable flush: segment file written and durable, manifest not yet naming it.</summary>
    public const string FlushSegmentWritten = "flush-segment-written";

    /// <summary>A compaction: merged segment written and durable, manifest not yet naming it.</summary>
    public const string CompactionSegmentWritten = "compaction-segment-written";

    /// <summary>
    /// The direct I/O probe of a disk being opened, its file switched to O_DIRECT, before the aligned write: an
    /// <see cref="IOException"/> thrown here is what a filesystem that refuses that write answers.
    /// </summary>
    public const string DirectIoProbeWrite = "direct-io-probe-write";
}
