using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Buckets.Storage;

/// <summary>
/// One disk directory: its identity (<c>format.json</c>), the shard streams and metadata of the objects stored on
/// it, bucket documents and system documents. Layout, atomicity and durability: architecture/storage.md.
/// </summary>
/// <remarks>
/// <para>Every method is safe to call concurrently. Each asynchronous method runs its file system calls on one
/// thread-pool work item (they are short: page-cache reads and writes, renames) and waits for durability without
/// holding a thread; the slow parts run on threads of their own: the sync on the filesystem's sync thread
/// (<see cref="DurabilityMode"/>), direct shard writes, which wait for the device, on the disk's direct-write
/// threads. A caller on a grain scheduler is therefore never blocked.</para>
/// <para>Every write is acknowledged only once durable, and every replace is atomic: a crash leaves either the old
/// or the new document, never a mix. Cancellation is honoured until an operation starts; a started one finishes,
/// so no half-done write is left behind.</para>
/// <para>Concurrent writes to the same document or shard stream are not ordered by this class (the last rename
/// wins); callers coordinate per object.</para>
/// </remarks>
public sealed partial class LocalDisk : IDisposable
{
    private const int DirectoryRaceRetries = 4;

    private readonly string displayName;
    private readonly string rootPrefix;
    private readonly string tempDirectory;
    private readonly IDurability durability;
    private readonly SafeFileHandle lockFile;
    private readonly IndexCatalog indexes;
    private readonly TrashRemover? trash;
    private readonly BlockingIoThreads? directWriteThreads;
    private long directWrites;
    private long stagedDirectWrites;
    private volatile bool disposed;

    private LocalDisk(
        string root, string displayName, DiskFormat format, IDurability durability, SafeFileHandle lockFile, LocalDiskOptions options, BlockingIoThreads? directWriteThreads)
    {
        Root = root;
        this.displayName = displayName;
        rootPrefix = root + Path.DirectorySeparatorChar;
        tempDirectory = Path.Combine(root, StoragePaths.TempDirectory);
        Format = format;
        this.durability = durability;
        this.lockFile = lockFile;
        Options = options;
        this.directWriteThreads = directWriteThreads;
        indexes = new IndexCatalog(this);
        trash = LinuxFileSystem.IsAvailable ? new TrashRemover($"Buckets trash {format.DiskIndex}") : null;
    }

    /// <summary>The disk directory, as a full path without a trailing separator.</summary>
    public string Root { get; }

    public DiskFormat Format { get; }

    public DurabilityMode Durability => durability is FileSystemDurability ? DurabilityMode.FileSystemSync : DurabilityMode.PerFileSync;

    /// <summary>
    /// Whether shard writes that start and end on 4 KiB boundaries bypass the page cache (O_DIRECT): asked for by
    /// <see cref="LocalDiskOptions.DirectShardWrites"/> and accepted by the disk's filesystem when it was opened.
    /// </summary>
    public bool DirectShardWrites => directWriteThreads is not null;

    /// <summary>Shard chunks this disk wrote with direct I/O so far.</summary>
    public long DirectWrites => Interlocked.Read(ref directWrites);

    /// <summary>The replaced documents' files kept in tmp for new documents to reuse.</summary>
    internal IReadOnlyCollection<string> RecycledFiles => trash?.Recycled ?? [];

    /// <summary>
    /// Of <see cref="DirectWrites"/>, those whose bytes were copied into an aligned staging buffer first: their
    /// memory was not aligned (not an <see cref="AlignedBufferPool"/> buffer).
    /// </summary>
    public long StagedDirectWrites => Interlocked.Read(ref stagedDirectWrites);

    /// <summary>The group-commit barrier this disk shares with the others on its filesystem, if it uses one.</summary>
    internal FileSystemSyncBarrier? Barrier => (durability as FileSystemDurability)?.Barrier;

    internal LocalDiskOptions Options { get; }

    internal IObjectIndexer? Indexer => Options.Indexer;

    internal IDurability DurabilityProvider => durability;

    internal string TempDirectory => tempDirectory;

    /// <summary>
    /// Opens a disk directory, creating it if missing, and takes it for this instance alone (a second open, in this
    /// process or another, fails until this one is disposed). Without <c>format.json</c> and with
    /// <paramref name="formatIfEmpty"/>, the directory must be empty (a <c>lost+found</c> is allowed) and is formatted
    /// as <paramref name="expected"/>, with a fresh disk id when <c>expected.DiskId</c> is empty. With one, its
    /// deployment, set, disk index and erasure code must equal <paramref name="expected"/>'s; an empty
    /// <c>expected.DeploymentId</c> adopts the disk's deployment. Leftover temporary files are removed.
    /// </summary>
    /// <exception cref="DiskFormatException">The directory is not the disk expected, or not a Buckets disk.</exception>
    /// <exception cref="IOException">The disk is already open, or the directory cannot be used.</exception>
    public static LocalDisk Open(string root, DiskFormat expected, bool formatIfEmpty = true, LocalDiskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(expected);
        expected.Validate(nameof(expected));
        options ??= LocalDiskOptions.Default;
        options.Validate();

        var full = FullRoot(root);
        var formatPath = Path.Combine(full, StoragePaths.FormatFile);
        var formatted = File.Exists(formatPath);
        if (!formatted)
        {
            if (!formatIfEmpty)
            {
                throw new DiskFormatException($"Disk {root} has no {StoragePaths.FormatFile} and formatting it was not allowed.");
            }

            if (expected.DeploymentId == Guid.Empty)
            {
                throw new ArgumentException($"Formatting disk {root} needs a deployment id; Guid.Empty only adopts an existing one.", nameof(expected));
            }

            if (Directory.Exists(full))
            {
                ThrowUnlessEmpty(full, root);
            }
        }

        var created = new List<string>();
        CreateMissingDirectories(full, created);
        CreateMissingDirectories(Path.Combine(full, StoragePaths.TempDirectory), created);
        var lockFile = TakeLock(full, root);
        IDurability? durability = null;
        try
        {
            var format = formatted
                ? ReadAndCheckFormat(formatPath, expected, root)
                : WriteFormat(full, expected);

            // Only once the disk is known to be ours, and ours alone (the lock), is its tmp garbage.
            CleanDirectory(Path.Combine(full, StoragePaths.TempDirectory));
            CreateMissingDirectories(Path.Combine(full, StoragePaths.SystemDocumentsDirectory), created);
            CreateMissingDirectories(Path.Combine(full, StoragePaths.BucketDocumentsDirectory), created);
            CreateMissingDirectories(Path.Combine(full, StoragePaths.ObjectsDirectory), created);
            SyncDirectories(created);

            durability = options.Durability == DurabilityMode.FileSystemSync
                ? new FileSystemDurability(FileSystemSyncBarrier.Acquire(full, options.ShareSyncBetweenDisks))
                : new PerFileDurability();
            var directWriteThreads = options.DirectShardWrites && DirectIoWriter.IsSupported(Path.Combine(full, StoragePaths.TempDirectory), options.FaultInjection)
                ? new BlockingIoThreads(options.DirectWriteThreads, $"Buckets direct writes {Path.GetFileName(full)}")
                : null;
            return new LocalDisk(full, root, format, durability, lockFile, options, directWriteThreads);
        }
        catch
        {
            durability?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>The format of a disk directory, or null when it has none (missing or unformatted directory).</summary>
    /// <exception cref="DiskFormatException"><c>format.json</c> exists but cannot be read.</exception>
    public static DiskFormat? ReadFormat(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var formatPath = Path.Combine(FullRoot(root), StoragePaths.FormatFile);
        return File.Exists(formatPath) ? ParseFormat(formatPath, root) : null;
    }

    // ---- shard streams ----

    /// <summary>
    /// Writes part of the shard stream <c>&lt;object&gt;/&lt;dataDir&gt;/part.1</c>: offset 0 creates (or truncates)
    /// it, later offsets continue it (an offset beyond the current end is refused: a chunk went missing). With
    /// <paramref name="flush"/>, returns once the stream so far and its directories are durable. A chunk whose
    /// offset and length are multiples of 4 KiB is written with direct I/O when <see cref="DirectShardWrites"/>,
    /// straight from <paramref name="data"/> when its memory is aligned too (<see cref="AlignedBufferPool"/>), else
    /// through a staging copy.
    /// </summary>
    public ValueTask WriteShardAsync(string bucket, string key, Guid dataDir, long offset, ReadOnlyMemory<byte> data, bool flush, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var file = Resolve(StoragePaths.ShardStreamFile(bucket, key, dataDir));
        return directWriteThreads is not null && DirectIoWriter.IsAligned(offset, data.Length)
            ? new ValueTask(directWriteThreads.RunAsync(() => WriteShardCoreAsync(file, offset, data, flush), ct))
            : new ValueTask(Task.Run(() => WriteShardCoreAsync(file, offset, data, flush), ct));
    }

    /// <summary>
    /// Reads up to <c>destination.Length</c> bytes of a shard stream from <paramref name="offset"/>; returns the count
    /// (short only at the end of the stream), or -1 when the stream does not exist.
    /// </summary>
    public ValueTask<int> ReadShardAsync(string bucket, string key, Guid dataDir, long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var file = Resolve(StoragePaths.ShardStreamFile(bucket, key, dataDir));
        return new ValueTask<int>(Task.Run(() => ReadAt(file, offset, destination), ct));
    }

    /// <summary>
    /// Removes one data directory of an object, durably, and the object's directories once that leaves them empty;
    /// nothing happens if it does not exist.
    /// </summary>
    public ValueTask DeleteDataDirAsync(string bucket, string key, Guid dataDir, CancellationToken ct = default)
    {
        var directory = Resolve(StoragePaths.DataDirectory(bucket, key, dataDir));
        var objectDirectory = Resolve(StoragePaths.ObjectDirectory(bucket, key));
        return new ValueTask(Task.Run(() => RemoveDataDirsAsync(objectDirectory, [directory]), ct));
    }

    /// <summary>
    /// Makes <paramref name="dataDir"/> of <paramref name="key"/> a twin of <paramref name="sourceDataDir"/> of
    /// <paramref name="sourceKey"/> by hard links: every file of the source directory gets a second name in the new
    /// one, and the new names are durable when this returns. No byte is copied. Shard files never change once
    /// written, so the two directories can share them; deleting either directory removes only its own names.
    /// Returns false, leaving nothing behind, when the source directory or one of its files is not on this disk
    /// (deleted meanwhile, or never written here): like a failed shard write, this disk then lacks the shards.
    /// </summary>
    public ValueTask<bool> LinkDataDirAsync(
        string sourceBucket, string sourceKey, Guid sourceDataDir, string bucket, string key, Guid dataDir, CancellationToken ct = default)
    {
        var source = Resolve(StoragePaths.DataDirectory(sourceBucket, sourceKey, sourceDataDir));
        var target = Resolve(StoragePaths.DataDirectory(bucket, key, dataDir));
        return new ValueTask<bool>(Task.Run(() => LinkDataDirCoreAsync(source, target), ct));
    }

    // ---- object metadata ----

    /// <summary>
    /// Replaces the metadata document of an object atomically and durably, and sets the key's entry in the bucket's
    /// key index (<paramref name="entry"/> null: the key does not list) in the same step: a listing sees the entry
    /// once the document is in place, and a crash cannot leave them disagreeing. Before the new document becomes
    /// visible, the object's shard streams on this disk are durable too, so the shard writes of a PUT need no
    /// <c>flush</c> of their own: this call is the PUT's commit point on the disk. Concurrent calls share their
    /// syncs (group commit), so many small writes cost few syncs.
    /// </summary>
    /// <param name="entry">
    /// How the key lists; must be what <see cref="LocalDiskOptions.Indexer"/> would say of
    /// <paramref name="document"/>, since a rebuild of the index asks it.
    /// </param>
    public ValueTask WriteObjectMetadataAsync(string bucket, string key, ReadOnlyMemory<byte> document, IndexEntry? entry, CancellationToken ct = default)
    {
        entry?.Validate(nameof(entry));
        var file = Resolve(StoragePaths.ObjectMetadataFile(bucket, key));
        return new ValueTask(Task.Run(() => WriteObjectMetadataCoreAsync(bucket, key, file, document, entry), ct));
    }

    /// <summary>
    /// <see cref="WriteObjectMetadataAsync"/> for a caller that has not read the object: the document in place (null
    /// when there is none) goes to <paramref name="accept"/> first, and the new one is written only if it says yes.
    /// Either way the answer carries the document found, so the caller learns what it replaced and can put it back
    /// exactly. Nothing changes the document between the check and the switch as long as callers coordinate per
    /// object, as every write here assumes.
    /// </summary>
    public ValueTask<MetadataReplacement> ReplaceObjectMetadataAsync(
        string bucket, string key, ReadOnlyMemory<byte> document, IndexEntry? entry, Func<byte[]?, bool> accept, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(accept);
        entry?.Validate(nameof(entry));
        var file = Resolve(StoragePaths.ObjectMetadataFile(bucket, key));
        return new ValueTask<MetadataReplacement>(Task.Run(() => ReplaceObjectMetadataCoreAsync(bucket, key, file, document, entry, accept), ct));
    }

    /// <summary>The metadata document of an object, or null when it has none.</summary>
    public ValueTask<byte[]?> ReadObjectMetadataAsync(string bucket, string key, CancellationToken ct = default)
    {
        var file = Resolve(StoragePaths.ObjectMetadataFile(bucket, key));
        return new ValueTask<byte[]?>(Task.Run(() => ReadAllOrNull(file), ct));
    }

    /// <summary>
    /// Removes an object's metadata document and its key from the bucket's index at once and durably, then the data
    /// directories named in <paramref name="dataDirs"/>, then the object and fan-out directories if that leaves them
    /// empty. Data directories not named stay: an open multipart upload's parts live beside the key's versions and
    /// outlive a delete of the key, as in S3. Nothing happens for what does not exist.
    /// </summary>
    public ValueTask DeleteObjectAsync(string bucket, string key, IReadOnlyList<Guid> dataDirs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataDirs);
        var directory = Resolve(StoragePaths.ObjectDirectory(bucket, key));
        var dataDirectories = dataDirs.Select(d => Resolve(StoragePaths.DataDirectory(bucket, key, d))).ToArray();
        return new ValueTask(Task.Run(() => DeleteObjectCoreAsync(bucket, key, directory, dataDirectories), ct));
    }

    /// <summary>
    /// One page of a bucket's keys on this disk, from its persistent sorted index: in UTF-8 byte order, with S3's
    /// prefix, delimiter (common prefixes), start-after and max-keys semantics (<see cref="IndexQuery"/>). Reads no
    /// metadata file; a page of 1,000 keys reads a few index blocks. The first use of a bucket's index after a
    /// crash corrects its journal tail; on a disk written before the index existed, it is rebuilt from the metadata
    /// files first (with <see cref="LocalDiskOptions.Indexer"/>), which this call waits for.
    /// </summary>
    /// <exception cref="ObjectIndexUnavailableException">The index needs a rebuild and no indexer is configured, or the rebuild failed.</exception>
    public ValueTask<IndexPage> ListIndexAsync(string bucket, IndexQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        StoragePaths.ValidateBucketName(bucket);
        ThrowIfDisposed();
        if (!Options.MaintainIndex)
        {
            throw new InvalidOperationException($"{this} was opened without key indexes.");
        }

        return new ValueTask<IndexPage>(Task.Run(async () =>
        {
            ThrowIfRootGone();
            var index = await indexes.GetAsync(bucket).ConfigureAwait(false);
            return await index.ListAsync(query, ct).ConfigureAwait(false);
        }, ct));
    }

    // ---- buckets ----

    /// <summary>Replaces a bucket's document atomically and durably.</summary>
    public ValueTask WriteBucketAsync(string bucket, ReadOnlyMemory<byte> document, CancellationToken ct = default)
    {
        var file = Resolve(StoragePaths.BucketDocument(bucket));
        return new ValueTask(Task.Run(() => WriteDocumentAsync(file, document, commitsShardStreams: false), ct));
    }

    /// <summary>A bucket's document, or null when it has none.</summary>
    public ValueTask<byte[]?> ReadBucketAsync(string bucket, CancellationToken ct = default)
    {
        var file = Resolve(StoragePaths.BucketDocument(bucket));
        return new ValueTask<byte[]?>(Task.Run(() => ReadAllOrNull(file), ct));
    }

    /// <summary>
    /// Removes a bucket's document, its objects directory and its key index, durably. Refused while the bucket holds an object
    /// (<see cref="BucketHasObjectsAsync"/>); data directories without metadata (left by failed writes) go with it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The bucket still holds objects on this disk.</exception>
    public ValueTask DeleteBucketAsync(string bucket, CancellationToken ct = default)
    {
        var document = Resolve(StoragePaths.BucketDocument(bucket));
        var objects = Resolve(StoragePaths.BucketObjectsDirectory(bucket));
        var index = Resolve(StoragePaths.BucketIndexDirectory(bucket));
        return new ValueTask(Task.Run(() => DeleteBucketCoreAsync(bucket, document, objects, index), ct));
    }

    /// <summary>The names of the buckets that have a document on this disk, in ordinal order.</summary>
    public ValueTask<IReadOnlyList<string>> ListBucketsAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        var directory = Path.Combine(Root, StoragePaths.BucketDocumentsDirectory);
        return new ValueTask<IReadOnlyList<string>>(Task.Run(() =>
        {
            ThrowIfRootGone();
            return ListBuckets(directory);
        }, ct));
    }

    /// <summary>Whether any object of the bucket has metadata on this disk.</summary>
    public ValueTask<bool> BucketHasObjectsAsync(string bucket, CancellationToken ct = default)
    {
        var objects = Resolve(StoragePaths.BucketObjectsDirectory(bucket));
        return new ValueTask<bool>(Task.Run(() =>
        {
            ThrowIfRootGone();
            return HasObjects(objects);
        }, ct));
    }

    // ---- system documents ----

    /// <summary>Replaces a system document (<c>topology.json</c>, ...) atomically and durably.</summary>
    public ValueTask WriteSystemDocumentAsync(string name, ReadOnlyMemory<byte> document, CancellationToken ct = default)
    {
        var file = Resolve(StoragePaths.SystemDocument(name));
        return new ValueTask(Task.Run(() => WriteDocumentAsync(file, document, commitsShardStreams: false), ct));
    }

    /// <summary>A system document, or null when it does not exist.</summary>
    public ValueTask<byte[]?> ReadSystemDocumentAsync(string name, CancellationToken ct = default)
    {
        var file = Resolve(StoragePaths.SystemDocument(name));
        return new ValueTask<byte[]?>(Task.Run(() => ReadAllOrNull(file), ct));
    }

    /// <summary>Size and free space of the filesystem holding this disk.</summary>
    public DiskUsage GetUsage()
    {
        ThrowIfDisposed();
        var drive = new DriveInfo(Root);
        return new DiskUsage(drive.TotalSize, drive.AvailableFreeSpace);
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        indexes.Close(flush: true);
        directWriteThreads?.Dispose();
        durability.Dispose();

        // Before the lock goes: the next open of this disk empties tmp, which this thread may still be doing.
        trash?.Dispose();
        lockFile.Dispose();
    }

    /// <summary>
    /// Sets index entries with no metadata documents behind them, through the same journal and memtable as a write:
    /// lets tests measure listings over 100,000+ keys without writing as many files. Only a clean close keeps them
    /// (recovery after a crash drops entries without documents).
    /// </summary>
    internal async Task SetIndexEntriesForTestsAsync(string bucket, IEnumerable<(string Key, IndexEntry Entry)> entries)
    {
        var index = await indexes.GetAsync(bucket).ConfigureAwait(false);
        foreach (var (key, entry) in entries)
        {
            var keyBytes = Utf8Keys.Encode(key, nameof(key));
            var record = JournalRecord.For(keyBytes, [], entry);
            var pin = (await index.EnterAsync(record).ConfigureAwait(false))!.Value;
            pin.Table.Set(keyBytes, record.Value);
            pin.Exit();
        }
    }

    /// <summary>The open index of a bucket (for tests that look at its state).</summary>
    internal Task<BucketIndex> GetIndexForTestsAsync(string bucket) => indexes.GetAsync(bucket);

    /// <summary>What a killed process leaves behind: indexes not flushed, files as they are. For crash tests.</summary>
    internal void Abandon()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        indexes.Close(flush: false);
        directWriteThreads?.Dispose();
        durability.Dispose();

        // Before the lock goes: the next open of this disk empties tmp, which this thread may still be doing.
        trash?.Dispose();
        lockFile.Dispose();
    }

    public override string ToString() => $"disk {displayName} (set {Format.SetIndex}, disk {Format.DiskIndex})";

    // ---- write paths ----

    private async Task WriteShardCoreAsync(string file, long offset, ReadOnlyMemory<byte> data, bool flush)
    {
        ThrowIfDisposed();
        var directory = Path.GetDirectoryName(file)!;
        SafeFileHandle handle;
        if (offset == 0)
        {
            handle = InDirectory(directory, [], () => File.OpenHandle(file, FileMode.Create, FileAccess.Write, FileShare.Read));
        }
        else
        {
            handle = File.OpenHandle(file, FileMode.Open, FileAccess.Write, FileShare.Read);
        }

        using (handle)
        {
            if (offset > 0)
            {
                var length = RandomAccess.GetLength(handle);
                if (offset > length)
                {
                    throw new InvalidOperationException($"Shard write at offset {offset} would leave a gap: {file} holds {length} bytes.");
                }
            }

            // Direct I/O changes where the bytes travel, not what is durable when: an O_DIRECT write returns once the
            // device has the data, possibly still in its volatile cache, and leaves the file's new size and extents
            // as dirty metadata in memory, exactly like a buffered write leaves dirty pages. What makes the stream
            // durable is the same in both cases: the flush below, or the commit of the metadata that names it
            // (syncfs, which writes the inode back, then an fsync, which flushes the device cache after it; or
            // fdatasync of the stream in PerFileSync mode). Both come after this write has returned.
            if (DirectShardWrites && DirectIoWriter.IsAligned(offset, data.Length) && LinuxFileSystem.TryEnableDirectIo(handle))
            {
                var staged = DirectIoWriter.Write(handle, data.Span, offset);
                Interlocked.Increment(ref directWrites);
                StorageMetrics.DirectWrites.Add(1);
                if (staged)
                {
                    Interlocked.Increment(ref stagedDirectWrites);
                    StorageMetrics.StagedDirectWrites.Add(1);
                }
            }
            else
            {
                RandomAccess.Write(handle, data.Span, offset);
            }

            if (flush)
            {
                // Whichever call created the stream and its directories, they all sit on this chain.
                await durability.MakeDurableAsync(handle, DirectoryChain(directory)).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> LinkDataDirCoreAsync(string source, string target)
    {
        ThrowIfDisposed();
        if (!LinuxFileSystem.IsAvailable)
        {
            return false;
        }

        string[] files;
        try
        {
            files = Directory.GetFiles(source);
        }
        catch (DirectoryNotFoundException)
        {
            ThrowIfRootGone();
            return false;
        }

        if (files.Length == 0)
        {
            return false;
        }

        var changed = new List<string>(4);
        bool linked;
        try
        {
            linked = InDirectory(target, changed, () =>
            {
                foreach (var file in files)
                {
                    switch (LinuxFileSystem.TryLink(file, Path.Combine(target, Path.GetFileName(file))))
                    {
                        case LinkResult.Linked:
                            break;
                        case LinkResult.Missing:
                            // ENOENT names no side: the source file went, or the new directory (its fan-out directory
                            // emptied by a concurrent delete), which InDirectory recreates and retries.
                            return File.Exists(file) ? throw new DirectoryNotFoundException($"{target} vanished while being linked.") : false;
                        default:
                            // No hard links here (another filesystem, too many links): the copy streams instead.
                            return false;
                    }
                }

                return true;
            });
        }
        catch
        {
            TryDeleteDirectory(target);
            throw;
        }

        if (!linked)
        {
            // Never referenced by any metadata: no durable removal needed, a crash leaves only invisible garbage.
            TryDeleteDirectory(target);
            return false;
        }

        changed.Add(target);
        changed.Add(Path.GetDirectoryName(target)!);
        await durability.MakeDurableAsync(null, changed).ConfigureAwait(false);
        return true;
    }

    private async Task<MetadataReplacement> ReplaceObjectMetadataCoreAsync(
        string bucket, string key, string file, ReadOnlyMemory<byte> document, IndexEntry? entry, Func<byte[]?, bool> accept)
    {
        ThrowIfDisposed();

        // The document in place gets its name in tmp now rather than at the switch: it is read through that name, and
        // the rename then only drops a link (see TrashRemover).
        string? kept = null;
        var link = LinkResult.Failed;
        if (trash is not null)
        {
            var name = NewTempPath();
            link = LinuxFileSystem.TryLink(file, name);
            kept = link == LinkResult.Linked ? name : null;
        }

        var handedOver = false;
        try
        {
            byte[]? previous;
            if (link == LinkResult.Missing)
            {
                ThrowIfRootGone();
                previous = null;
            }
            else
            {
                previous = ReadAllOrNull(kept ?? file);
            }

            if (!accept(previous))
            {
                return new MetadataReplacement(Written: false, previous);
            }

            handedOver = true;
            await WriteObjectMetadataCoreAsync(bucket, key, file, document, entry, kept).ConfigureAwait(false);
            return new MetadataReplacement(Written: true, previous);
        }
        finally
        {
            // Once handed over, the write owns the name: it may be the only one left of a document that a crash
            // before the new one is durable brings back.
            if (!handedOver && kept is not null)
            {
                TryDeleteFile(kept);
            }
        }
    }

    private async Task WriteObjectMetadataCoreAsync(string bucket, string key, string file, ReadOnlyMemory<byte> document, IndexEntry? entry, string? replaced = null)
    {
        ThrowIfDisposed();
        IndexChange? change = null;
        if (Options.MaintainIndex)
        {
            var keyBytes = Utf8Keys.Encode(key, nameof(key));
            var index = await indexes.GetAsync(bucket).ConfigureAwait(false);
            change = new IndexChange(index, keyBytes, StoragePaths.KeyHash(key), JournalRecord.For(keyBytes, document.Span, entry));
        }

        await WriteDocumentAsync(file, document, commitsShardStreams: true, change, replaced).ConfigureAwait(false);
    }

    /// <param name="replaced">A name in tmp that the caller already gave the document in place, if any.</param>
    private async Task WriteDocumentAsync(string target, ReadOnlyMemory<byte> document, bool commitsShardStreams, IndexChange? change = null, string? replaced = null)
    {
        ThrowIfDisposed();
        var directory = Path.GetDirectoryName(target)!;
        var changed = new List<string>(4);
        IndexPin? pin = null;
        var (temp, tempHandle, recycled) = OpenTempDocument();
        try
        {
            // Phase 1: the new content, under a name nobody reads, durable before it can become visible (and,
            // for object metadata, the shard streams it describes with it, and the index journal record that
            // announces it: recovery checks that record against the document on disk).
            using (var handle = tempHandle)
            {
                RandomAccess.Write(handle, document.Span, 0);
                if (recycled && RandomAccess.GetLength(handle) > document.Length)
                {
                    // A recycled file: trimmed after the write, so that blocks it keeps are not freed and taken again.
                    RandomAccess.SetLength(handle, document.Length);
                }

                EnsureDirectory(directory, changed);
                if (change is not null)
                {
                    pin = await change.Index.EnterAsync(change.Record).ConfigureAwait(false);
                }

                if (!durability.CoversEverything)
                {
                    if (commitsShardStreams)
                    {
                        SyncShardStreams(directory, changed);
                    }

                    pin?.SyncJournal();
                }

                await durability.MakeDurableAsync(handle, changed).ConfigureAwait(false);
            }

            Options.FaultInjection?.Invoke(FaultPoints.BeforeMetadataRename);

            // Phase 2: the atomic switch (with the index change, as one step per key), then its directory entry
            // made durable.
            if (pin is { } p)
            {
                lock (p.Index.Stripe(change!.Hash))
                {
                    Rename(temp, target, directory, changed, ref replaced);
                    p.Table.Set(change.Key, change.Record.Value);
                }
            }
            else
            {
                Rename(temp, target, directory, changed, ref replaced);
            }
        }
        catch
        {
            TryDeleteFile(temp);
            if (replaced is not null)
            {
                TryDeleteFile(replaced);
            }

            pin?.Exit();
            throw;
        }

        // With syncfs, an index flush syncs the filesystem before it drops a journal, which makes this rename
        // durable too; otherwise the pin holds the journal until the rename is durable.
        if (pin is { } early && durability.CoversEverything)
        {
            early.Exit();
            pin = null;
        }

        changed.Add(directory);
        try
        {
            await durability.MakeDurableAsync(null, changed).ConfigureAwait(false);
        }
        finally
        {
            pin?.Exit();
        }

        // Only now: until the rename is durable, the old document may be what a crash brings back.
        if (replaced is not null)
        {
            trash!.Remove(replaced);
        }
    }

    /// <summary>
    /// A file in tmp for a new document: a recycled one (<see cref="TrashRemover"/>) when there is one, which costs no
    /// inode allocation now and no unlink later, else a new one.
    /// </summary>
    private (string Path, SafeFileHandle Handle, bool Recycled) OpenTempDocument()
    {
        if (trash?.TakeRecycled() is { } recycled)
        {
            try
            {
                return (recycled, File.OpenHandle(recycled, FileMode.Open, FileAccess.Write, FileShare.None), true);
            }
            catch (IOException)
            {
                TryDeleteFile(recycled);
            }
        }

        var temp = NewTempPath();
        return (temp, File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None), false);
    }

    /// <summary>
    /// The atomic switch. The document being replaced keeps a name in tmp (<paramref name="replaced"/>), so that the
    /// rename does not free its blocks (see <see cref="TrashRemover"/>).
    /// </summary>
    private void Rename(string temp, string target, string directory, List<string> changed, ref string? replaced)
    {
        var keep = replaced;
        try
        {
            InDirectory(directory, changed, () =>
            {
                if (trash is not null && keep is null)
                {
                    var link = NewTempPath();
                    keep = LinuxFileSystem.TryLink(target, link) == LinkResult.Linked ? link : null;
                }

                File.Move(temp, target, overwrite: true);
                return true;
            });
        }
        finally
        {
            // Also when the move failed: the caller removes the extra name again.
            replaced = keep;
        }
    }

    private async Task DeleteObjectCoreAsync(string bucket, string key, string directory, string[] dataDirectories)
    {
        ThrowIfDisposed();

        // A disk whose directory vanished must fail before its index records a delete that never happened.
        ThrowIfRootGone();
        if (!Options.MaintainIndex)
        {
            await RemoveObjectAsync(directory, dataDirectories).ConfigureAwait(false);
            return;
        }

        var keyBytes = Utf8Keys.Encode(key, nameof(key));
        var index = await indexes.GetAsync(bucket).ConfigureAwait(false);
        var change = new IndexChange(index, keyBytes, StoragePaths.KeyHash(key), JournalRecord.Deleted(keyBytes));

        Options.FaultInjection?.Invoke(FaultPoints.DeleteBeforeIndexPin);
        if (await index.EnterAsync(null).ConfigureAwait(false) is not { } pin)
        {
            await RemoveObjectAsync(directory, dataDirectories).ConfigureAwait(false);
            return;
        }

        try
        {
            // A key the index lists needs a journal record durable before the move can be: otherwise a crash could
            // keep the move and lose the record, and the index would list an object that is gone. That costs a sync,
            // so deleting a key the index does not list (the usual case: its tombstone document already unlisted it)
            // skips it. Looked up only once pinned: the index cannot switch memtables while the pin is held, so the
            // key indexed after this look (by a rebuild reading its document) can only be in the pinned memtable,
            // which the move checks again. Looked up before, it could go into a memtable switched out in between.
            var listed = index.Lookup(keyBytes) is { IsTombstone: false };
            Options.FaultInjection?.Invoke(FaultPoints.DeleteIndexLookedUp);
            if (listed)
            {
                var journal = index.AppendLate(change.Record);
                if (!durability.CoversEverything)
                {
                    journal.Sync();
                }

                await durability.MakeDurableAsync(null, []).ConfigureAwait(false);
            }

            await RemoveObjectAsync(directory, dataDirectories, (pin, change, listed)).ConfigureAwait(false);
        }
        finally
        {
            pin.Exit();
        }
    }

    // Moving the metadata document into tmp makes the object vanish in one rename, before any of its data goes: a
    // crash can leave it whole (rename not durable) or gone with some data directories left over, never a document
    // without its data. What is in tmp is emptied at the next open.
    private async Task RemoveObjectAsync(string directory, string[] dataDirectories, (IndexPin Pin, IndexChange Change, bool Listed)? index = null)
    {
        ThrowIfDisposed();
        var document = Path.Combine(directory, StoragePaths.MetadataFile);
        var removed = NewTempPath();
        bool moved;
        if (index is var (pin, change, listed))
        {
            lock (pin.Index.Stripe(change.Hash))
            {
                if (!listed && pin.Table.Get(change.Key) is { IsTombstone: false })
                {
                    // Indexed since the delete looked: a rebuild read its document, or a write raced the delete
                    // (callers coordinate per object, so only by mistake). Its record must still be durable before
                    // the move can be; rare enough to sync here, under the lock.
                    pin.Index.AppendLate(change.Record).Sync();
                    listed = true;
                }

                moved = TryMoveFile(document, removed);
                if (listed)
                {
                    pin.Table.Set(change.Key, IndexValue.Tombstone);
                }
            }
        }
        else
        {
            moved = TryMoveFile(document, removed);
        }

        if (!moved)
        {
            ThrowIfRootGone();
        }
        else if (dataDirectories.Length > 0)
        {
            // Renames in two directories are not ordered by a crash: the document's removal is made durable before
            // the data it names can go, so no crash leaves a document without its data.
            await durability.MakeDurableAsync(null, [directory, tempDirectory]).ConfigureAwait(false);
        }

        await RemoveDataDirsAsync(directory, dataDirectories, moved).ConfigureAwait(false);
        if (moved)
        {
            // The move is durable now: the file is nobody's document any more.
            if (trash is not null)
            {
                trash.Remove(removed);
            }
            else
            {
                TryDeleteFile(removed);
            }
        }
    }

    /// <summary>
    /// Moves data directories of one object into tmp and removes the object directory, then its fan-out directory, if
    /// that leaves them empty; durable when this returns.
    /// </summary>
    private async Task RemoveDataDirsAsync(string objectDirectory, string[] dataDirectories, bool changedAlready = false)
    {
        ThrowIfDisposed();
        var trashes = new List<string>(dataDirectories.Length);
        foreach (var dataDirectory in dataDirectories)
        {
            var trash = NewTempPath();
            if (TryMove(dataDirectory, trash))
            {
                trashes.Add(trash);
            }
        }

        if (trashes.Count == 0 && !changedAlready)
        {
            ThrowIfRootGone();
            return;
        }

        // A writer that creates a data dir in a directory removed here loses it and creates it again (InDirectory).
        var changed = new List<string>(4) { objectDirectory, tempDirectory };
        var fanOut = Path.GetDirectoryName(objectDirectory)!;
        if (TryRemoveEmptyDirectory(objectDirectory))
        {
            changed[0] = fanOut;
            if (TryRemoveEmptyDirectory(fanOut))
            {
                changed[0] = Path.GetDirectoryName(fanOut)!;
            }
        }

        await durability.MakeDurableAsync(null, changed).ConfigureAwait(false);
        foreach (var moved in trashes)
        {
            if (trash is not null)
            {
                trash.RemoveDirectory(moved);
            }
            else
            {
                TryDeleteDirectory(moved);
            }
        }
    }

    private async Task DeleteBucketCoreAsync(string bucket, string document, string objects, string index)
    {
        ThrowIfDisposed();
        if (HasObjects(objects))
        {
            throw new InvalidOperationException($"Bucket '{bucket}' still holds objects on {this}.");
        }

        await indexes.RemoveAsync(bucket).ConfigureAwait(false);
        var trash = NewTempPath();
        var moved = TryMove(objects, trash);
        var indexTrash = NewTempPath();
        var indexMoved = TryMove(index, indexTrash);
        if (!moved)
        {
            ThrowIfRootGone();
        }

        // Uploads in progress go with the bucket: their parts lived under its objects directory.
        var uploads = Resolve(StoragePaths.UploadsDirectory(bucket));
        var uploadsTrash = NewTempPath();
        var uploadsMoved = TryMove(uploads, uploadsTrash);

        File.Delete(document);
        await durability.MakeDurableAsync(
            null,
            [Path.GetDirectoryName(objects)!, Path.GetDirectoryName(document)!, Path.GetDirectoryName(index)!, Path.GetDirectoryName(uploads)!, tempDirectory])
            .ConfigureAwait(false);
        if (moved)
        {
            TryDeleteDirectory(trash);
        }

        if (uploadsMoved)
        {
            TryDeleteDirectory(uploadsTrash);
        }

        if (indexMoved)
        {
            TryDeleteDirectory(indexTrash);
        }
    }

    private static bool TryMoveFile(string file, string trash)
    {
        try
        {
            File.Move(file, trash);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException) when (!File.Exists(file))
        {
            // As for directories: a source gone with its parent is not always reported as "not found".
            return false;
        }
    }

    private static bool TryMove(string directory, string trash)
    {
        try
        {
            Directory.Move(directory, trash);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException) when (!Directory.Exists(directory))
        {
            // A rename whose source vanished with its parent (a concurrent delete emptied and removed the fan-out
            // directory) is not always reported as "not found" (seen: "Unknown error 203").
            return false;
        }
    }

    // Only for durability modes that sync what they are given: a syncfs covers the streams anyway.
    private void SyncShardStreams(string objectDirectory, List<string> changed)
    {
        foreach (var dataDirectory in Directory.EnumerateDirectories(objectDirectory))
        {
            try
            {
                using var stream = File.OpenHandle(Path.Combine(dataDirectory, StoragePaths.ShardFile), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                SyncFile(stream);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // A data dir being deleted, or one whose stream was never started: nothing to make durable.
            }

            changed.Add(dataDirectory);
        }

        changed.AddRange(DirectoryChain(objectDirectory));
    }

    // ---- read paths ----

    private int ReadAt(string file, long offset, Memory<byte> destination)
    {
        ThrowIfDisposed();
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            ThrowIfRootGone();
            return -1;
        }

        using (handle)
        {
            var total = 0;
            while (total < destination.Length)
            {
                var read = RandomAccess.Read(handle, destination.Span[total..], offset + total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
    }

    private byte[]? ReadAllOrNull(string file)
    {
        ThrowIfDisposed();
        if (LinuxFileSystem.IsAvailable)
        {
            // A new key's registry asks every disk for metadata that is not there: no exception for that answer.
            using var handle = LinuxFileSystem.OpenForReadingOrNull(file);
            if (handle is null)
            {
                ThrowIfRootGone();
                return null;
            }

            return ReadAll(handle);
        }

        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            ThrowIfRootGone();
            return null;
        }
    }

    // Documents are replaced by rename, never rewritten in place: the open file keeps the length it had.
    private static byte[] ReadAll(SafeFileHandle handle)
    {
        var bytes = new byte[RandomAccess.GetLength(handle)];
        var total = 0;
        while (total < bytes.Length)
        {
            var read = RandomAccess.Read(handle, bytes.AsSpan(total), total);
            if (read == 0)
            {
                return bytes[..total];
            }

            total += read;
        }

        return bytes;
    }

    /// <summary>
    /// "Not found" means "absent on this disk" only while the disk itself is there: a disk whose directory vanished
    /// (unmounted, deleted) must fail loudly, or its silence would count as a vote that an object does not exist.
    /// </summary>
    private void ThrowIfRootGone()
    {
        if (!File.Exists(Path.Combine(Root, StoragePaths.FormatFile)))
        {
            throw new DirectoryNotFoundException($"The root of {this} has disappeared.");
        }
    }

    private static IReadOnlyList<string> ListBuckets(string directory)
    {
        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (StoragePaths.BucketNameOfDocument(Path.GetFileName(file)) is { } name)
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    internal static bool HasObjects(string bucketObjects)
    {
        if (!Directory.Exists(bucketObjects))
        {
            return false;
        }

        foreach (var fanOut in Directory.EnumerateDirectories(bucketObjects))
        {
            try
            {
                foreach (var objectDirectory in Directory.EnumerateDirectories(fanOut))
                {
                    if (File.Exists(Path.Combine(objectDirectory, StoragePaths.MetadataFile)))
                    {
                        return true;
                    }
                }
            }
            catch (DirectoryNotFoundException)
            {
                // Emptied and removed by a concurrent delete.
            }
        }

        return false;
    }

    // ---- paths and directories ----

    /// <summary>
    /// The full path of a path relative to the disk, refused unless it lies inside the disk. StoragePaths never
    /// builds an escaping path; this is the second lock on the door.
    /// </summary>
    internal string Resolve(string relative)
    {
        ThrowIfDisposed();
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!full.StartsWith(rootPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Refusing a path outside {this}: {relative}");
        }

        return full;
    }

    // Directories between a path and the disk root (exclusive), deepest first.
    private List<string> DirectoryChain(string directory)
    {
        var chain = new List<string>(5);
        for (var d = directory; d.StartsWith(rootPrefix, StringComparison.Ordinal); d = Path.GetDirectoryName(d)!)
        {
            chain.Add(d);
        }

        return chain;
    }

    /// <summary>Creates <paramref name="directory"/> and its missing parents, adding each new one's parent to <paramref name="changed"/>.</summary>
    private void EnsureDirectory(string directory, List<string> changed)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        var missing = new Stack<string>();
        for (var d = directory; !Directory.Exists(d); d = Path.GetDirectoryName(d)!)
        {
            if (!d.StartsWith(rootPrefix, StringComparison.Ordinal))
            {
                throw new DirectoryNotFoundException($"The root of {this} has disappeared.");
            }

            missing.Push(d);
        }

        while (missing.TryPop(out var d))
        {
            Directory.CreateDirectory(d);
            changed.Add(Path.GetDirectoryName(d)!);
        }
    }

    // A delete removes an emptied fan-out directory; a writer that created its object directory inside it just
    // before loses it and simply creates it again.
    private T InDirectory<T>(string directory, List<string> changed, Func<T> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            EnsureDirectory(directory, changed);
            try
            {
                return action();
            }
            catch (DirectoryNotFoundException) when (attempt < DirectoryRaceRetries)
            {
            }
        }
    }

    internal string NewTempPath() => Path.Combine(tempDirectory, Guid.NewGuid().ToString("N"));

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    private static bool TryRemoveEmptyDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: false);
            return true;
        }
        catch (IOException)
        {
            // Not empty (another object lives there or is being written) or already gone.
            return false;
        }
    }

    private static void TryDeleteFile(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Left for the cleaning at the next open.
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The delete is already durable; the trash is emptied at the next open.
        }
    }

    // ---- open ----

    private static string FullRoot(string root)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (string.Equals(full, Path.GetPathRoot(full), StringComparison.Ordinal))
        {
            throw new ArgumentException($"A disk directory cannot be the filesystem root ({root}).", nameof(root));
        }

        return full;
    }

    private static void ThrowUnlessEmpty(string full, string root)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(full))
        {
            var name = Path.GetFileName(entry);
            if (name == "lost+found" && Directory.Exists(entry))
            {
                continue; // the root of a freshly made ext4 filesystem
            }

            // What an open that crashed before writing format.json leaves behind.
            if (name == StoragePaths.SystemRoot && Directory.Exists(entry)
                && Directory.EnumerateFileSystemEntries(entry).All(e => Path.GetFileName(e) is "tmp" or "lock"))
            {
                continue;
            }

            throw new DiskFormatException($"Disk {root} is not empty and not a Buckets disk: no {StoragePaths.FormatFile}, but '{name}' is there.");
        }
    }

    private static SafeFileHandle TakeLock(string full, string root)
    {
        try
        {
            // FileShare.None is an exclusive flock on Unix: it also keeps other processes off the disk.
            return File.OpenHandle(Path.Combine(full, StoragePaths.LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"Disk {root} is already open, in this process or another.", e);
        }
    }

    private static void CleanDirectory(string directory)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }

    private static DiskFormat ParseFormat(string formatPath, string root)
    {
        DiskFormat? format;
        try
        {
            format = JsonSerializer.Deserialize(File.ReadAllBytes(formatPath), DiskFormatJsonContext.Default.DiskFormat);
        }
        catch (JsonException e)
        {
            throw new DiskFormatException($"Disk {root} has an unreadable {StoragePaths.FormatFile}: {e.Message}", e);
        }

        if (format is null)
        {
            throw new DiskFormatException($"Disk {root} has an unreadable {StoragePaths.FormatFile}: it holds null.");
        }

        if (format.Version is < 1 or > DiskFormat.CurrentVersion)
        {
            throw new DiskFormatException($"Disk {root} has format version {format.Version}; this server reads version {DiskFormat.CurrentVersion}.");
        }

        try
        {
            format.Validate(nameof(formatPath));
        }
        catch (ArgumentException e)
        {
            throw new DiskFormatException($"Disk {root} has an unreadable {StoragePaths.FormatFile}: set {format.SetIndex}, disk {format.DiskIndex}, {format.DataShards}+{format.ParityShards} is not a valid disk.", e);
        }

        return format;
    }

    private static DiskFormat ReadAndCheckFormat(string formatPath, DiskFormat expected, string root)
    {
        var found = ParseFormat(formatPath, root);
        if (expected.DeploymentId != Guid.Empty && found.DeploymentId != expected.DeploymentId)
        {
            throw new DiskFormatException($"Disk {root} belongs to deployment {found.DeploymentId}, this server is {expected.DeploymentId}.");
        }

        if (found.SetIndex != expected.SetIndex)
        {
            throw new DiskFormatException($"Disk {root} belongs to erasure set {found.SetIndex}, expected set {expected.SetIndex}.");
        }

        if (found.DiskIndex != expected.DiskIndex)
        {
            throw new DiskFormatException($"Disk {root} is disk {found.DiskIndex} of its erasure set, expected disk {expected.DiskIndex} (disk directories swapped?).");
        }

        if (found.DataShards != expected.DataShards || found.ParityShards != expected.ParityShards)
        {
            throw new DiskFormatException(
                $"Disk {root} was formatted for {found.DataShards}+{found.ParityShards} erasure coding, this server uses {expected.DataShards}+{expected.ParityShards}.");
        }

        return found;
    }

    private static DiskFormat WriteFormat(string full, DiskFormat expected)
    {
        var format = expected with
        {
            Version = DiskFormat.CurrentVersion,
            DiskId = expected.DiskId == Guid.Empty ? Guid.NewGuid() : expected.DiskId,
        };

        var temp = Path.Combine(full, StoragePaths.TempDirectory, Guid.NewGuid().ToString("N"));
        using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, JsonSerializer.SerializeToUtf8Bytes(format, DiskFormatJsonContext.Default.DiskFormat), 0);
            SyncFile(handle);
        }

        File.Move(temp, Path.Combine(full, StoragePaths.FormatFile), overwrite: false);
        SyncDirectories([full]);
        return format;
    }

    private static void CreateMissingDirectories(string directory, List<string> changed)
    {
        var missing = new Stack<string>();
        for (var d = directory; !Directory.Exists(d); d = Path.GetDirectoryName(d)!)
        {
            missing.Push(d);
        }

        while (missing.TryPop(out var d))
        {
            Directory.CreateDirectory(d);
            changed.Add(Path.GetDirectoryName(d)!);
        }
    }

    // Open and the index's background work are rare and off the write path: they sync directly rather than
    // through the group commit.
    internal static void SyncDirectories(IEnumerable<string> directories)
    {
        if (!LinuxFileSystem.IsAvailable)
        {
            return;
        }

        foreach (var directory in directories.Distinct(StringComparer.Ordinal))
        {
            LinuxFileSystem.SyncDirectory(directory);
        }
    }

    internal static void SyncFile(SafeFileHandle handle)
    {
        if (LinuxFileSystem.IsAvailable)
        {
            LinuxFileSystem.SyncFileData(handle);
        }
        else
        {
            RandomAccess.FlushToDisk(handle);
        }
    }
}
