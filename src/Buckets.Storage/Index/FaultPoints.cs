namespace Buckets.Storage;

/// <summary>
/// Named moments at which <see cref="LocalDiskOptions.FaultInjection"/> is called, so crash tests can stop an
/// operation exactly there (by throwing) and then look at what a restart finds.
/// </summary>
internal static class FaultPoints
{
    /// <summary>A metadata write: temp file and journal record durable, rename not done.</summary>
    public const string BeforeMetadataRename = "before-metadata-rename";

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
