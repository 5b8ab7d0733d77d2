namespace Buckets.Storage;

/// <summary>Settings of a <see cref="LocalDisk"/>; the defaults are what production should use.</summary>
public sealed record LocalDiskOptions
{
    public static readonly LocalDiskOptions Default = new();

    private const int MaxDirectWriteThreads = 64;

    /// <summary>Group commit by <c>syncfs</c> on Linux (measured fastest, architecture/storage.md), per-file syncs elsewhere.</summary>
    public DurabilityMode Durability { get; init; } = OperatingSystem.IsLinux() ? DurabilityMode.FileSystemSync : DurabilityMode.PerFileSync;

    /// <summary>
    /// Write shard chunks that start and end on 4 KiB boundaries with direct I/O (O_DIRECT), bypassing the page cache,
    /// where the filesystem accepts it (Linux; checked when the disk opens). Durability is unchanged: the metadata
    /// commit still makes the streams durable. Measured in architecture/storage.md.
    /// </summary>
    public bool DirectShardWrites { get; init; } = true;

    /// <summary>
    /// Threads per disk that run direct writes, which wait on the device (kept off the thread pool). Also the most
    /// direct writes a disk has in flight.
    /// </summary>
    public int DirectWriteThreads { get; init; } = 8;

    /// <summary>
    /// Whether disks on one filesystem share one sync thread. Always true in production (a syncfs covers them all);
    /// false only to measure what sharing buys.
    /// </summary>
    internal bool ShareSyncBetweenDisks { get; init; } = true;

    /// <summary>
    /// Reads the layer above's metadata documents, so a bucket's key index can be rebuilt from its metadata files (a
    /// disk written before the index existed, a damaged index). Without one such an index is unavailable to
    /// listings (<see cref="ObjectIndexUnavailableException"/>); writes and crash recovery do not need it.
    /// </summary>
    public IObjectIndexer? Indexer { get; init; }

    /// <summary>A bucket index's memtable is flushed to a segment once it holds this many keys...</summary>
    internal int IndexMemtableEntries { get; init; } = 8192;

    /// <summary>... or this many bytes of keys and summaries...</summary>
    internal long IndexMemtableBytes { get; init; } = 8 << 20;

    /// <summary>... or its journals this many bytes (many overwrites of few keys).</summary>
    internal long IndexJournalBytes { get; init; } = 32 << 20;

    /// <summary>Target size of a segment block: the unit of index reads.</summary>
    internal int IndexBlockBytes { get; init; } = 64 << 10;

    /// <summary>Whether metadata writes maintain key indexes. Always true in production; false only to measure what they cost.</summary>
    internal bool MaintainIndex { get; init; } = true;

    /// <summary>
    /// Called at <see cref="FaultPoints"/>; a test throws there to cut an operation short as a crash would, or blocks
    /// there to hold an operation at that point while another one runs.
    /// </summary>
    internal Action<string>? FaultInjection { get; init; }

    internal void Validate()
    {
        if (!Enum.IsDefined(Durability))
        {
            throw new ArgumentException($"Unknown durability mode {Durability}.", nameof(Durability));
        }

        if (IndexMemtableEntries < 1 || IndexMemtableBytes < 1 || IndexJournalBytes < 1 || IndexBlockBytes < 64)
        {
            throw new ArgumentException("Index bounds must be positive (and blocks at least 64 bytes).");
        }

        if (DirectWriteThreads is < 1 or > MaxDirectWriteThreads)
        {
            throw new ArgumentOutOfRangeException(nameof(DirectWriteThreads), DirectWriteThreads, $"Between 1 and {MaxDirectWriteThreads} threads per disk.");
        }

        if (Durability == DurabilityMode.FileSystemSync && !LinuxFileSystem.IsAvailable)
        {
            throw new PlatformNotSupportedException($"{nameof(DurabilityMode.FileSystemSync)} needs Linux (syncfs); use {nameof(DurabilityMode.PerFileSync)}.");
        }
    }
}
