using System.Globalization;
using System.IO.Hashing;
using System.Text.Json;

namespace Buckets.Storage;

/// <summary>
/// The persistent sorted key index of one bucket on one disk, an LSM: a journal and a memtable take the changes
/// that metadata writes and deletes announce; the memtable is flushed to an immutable segment when it grows past
/// a bound and at a clean close; segments are merged in the background; a manifest names the live files. Layout,
/// record formats and crash recovery: architecture/storage.md, "Index".
/// </summary>
/// <remarks>
/// <para>Locks: <c>gate</c> orders journal appends, counts pins and switches memtables; <c>stateLock</c> guards the
/// <see cref="IndexState"/> listings read (segments and memtable nodes are read without locks); a stripe lock per
/// object hash makes "rename the metadata file, apply its change" one step, so the memtable follows the order of
/// renames of a key, and a rebuild's read of a metadata file cannot interleave with a write to it.</para>
/// <para>One background worker per index flushes, compacts and completes rebuilds: every manifest write and state
/// change but the memtable switch happens there, one at a time.</para>
/// </remarks>
internal sealed class BucketIndex
{
    public const string ManifestFile = "manifest";
    private const string JournalPrefix = "journal-";
    private const string SegmentPrefix = "segment-";
    private const int StripeCount = 64;

    // A run of newest segments is merged when it holds at least 1/CompactionRatio of the next older one's records:
    // segment sizes then grow geometrically (a few segments per bucket) and each record is rewritten about
    // CompactionRatio + 1 times over its life.
    private const int CompactionRatio = 4;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly LocalDisk disk;
    private readonly string bucket;
    private readonly string directory;
    private readonly LocalDiskOptions options;
    private readonly Lock gate = new();
    private readonly Lock stateLock = new();
    private readonly Lock[] stripes = Enumerable.Range(0, StripeCount).Select(_ => new Lock()).ToArray();
    private readonly SemaphoreSlim kick = new(0);
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private volatile IndexState state = IndexState.Empty;
    private IndexJournal? journal;
    private List<IndexJournal> activeJournals = [];
    private List<IndexJournal> sealedJournals = [];
    private int pins;
    private bool sealing;
    private TaskCompletionSource? reopened;
    private TaskCompletionSource? drained;
    private bool closed;
    private bool materialized;
    private bool complete;
    private long nextFileNumber = 1;
    private volatile IndexStatus status;
    private volatile bool scanDone;
    private Exception? failure;
    private int kickPending;
    private Task worker = Task.CompletedTask;
    private Task scan = Task.CompletedTask;

    private BucketIndex(LocalDisk disk, string bucket)
    {
        this.disk = disk;
        this.bucket = bucket;
        options = disk.Options;
        directory = disk.Resolve(StoragePaths.BucketIndexDirectory(bucket));
    }

    public IndexStatus Status => status;

    /// <summary>Merge steps of the last listing (for tests: a rolled-up prefix must not cost a step per key).</summary>
    internal long LastListingSteps { get; private set; }

    internal IndexState State
    {
        get
        {
            lock (stateLock)
            {
                return state;
            }
        }
    }

    /// <summary>The last error of the background work, if its last attempt failed (it retries).</summary>
    internal Exception? BackgroundError { get; private set; }

    /// <summary>
    /// Loads a bucket's index: reads the manifest and segments and replays the journals, correcting the changes
    /// whose metadata write did not finish (crash); without a usable index, starts a rebuild from the metadata
    /// files, or, without an <see cref="IObjectIndexer"/>, marks the index unavailable.
    /// </summary>
    public static BucketIndex Open(LocalDisk disk, string bucket)
    {
        var index = new BucketIndex(disk, bucket);
        index.Load();
        index.worker = Task.Run(index.RunAsync);
        return index;
    }

    // ---- changes ----

    /// <summary>
    /// Appends <paramref name="record"/> (if any) to the journal and pins the current memtable; null when the index
    /// is unavailable and changes are not tracked. Waits while the index switches memtables.
    /// </summary>
    public async ValueTask<IndexPin?> EnterAsync(JournalRecord? record)
    {
        var encoded = record?.Encode();
        while (true)
        {
            Task wait;
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(closed, this);
                if (status == IndexStatus.Unavailable)
                {
                    return null;
                }

                if (!sealing)
                {
                    if (encoded is not null)
                    {
                        EnsureJournal();
                        journal!.Append(encoded);
                    }

                    pins++;
                    return new IndexPin(this, state.Active, journal);
                }

                wait = reopened!.Task;
            }

            await wait.ConfigureAwait(false);
        }
    }

    /// <summary>The lock that makes a metadata rename (or a delete's move) and its memtable change one step.</summary>
    public Lock Stripe(string keyHash) => stripes[Convert.ToInt32(keyHash[..2], 16) % StripeCount];

    /// <summary>
    /// Appends a record for a pinned change that turned out to need one (see LocalDisk's delete). Returns the journal
    /// it went to, for the caller to sync: the pin keeps that journal open and current.
    /// </summary>
    public IndexJournal AppendLate(JournalRecord record)
    {
        var encoded = record.Encode();
        lock (gate)
        {
            EnsureJournal();
            journal!.Append(encoded);
            return journal;
        }
    }

    public void Exit()
    {
        lock (gate)
        {
            pins--;
            if (pins == 0 && sealing)
            {
                drained?.TrySetResult();
            }
        }

        if (NeedsFlush())
        {
            Kick();
        }
    }

    /// <summary>The current value for a key (a tombstone when absent), or null when no source has it.</summary>
    public IndexValue? Lookup(ReadOnlySpan<byte> key)
    {
        var snapshot = Acquire();
        try
        {
            if (snapshot.Active.Get(key) is { } active)
            {
                return active;
            }

            if (snapshot.Sealed?.Get(key) is { } sealedValue)
            {
                return sealedValue;
            }

            foreach (var segment in snapshot.Segments)
            {
                if (segment.Get(key) is { } value)
                {
                    return value;
                }
            }

            return null;
        }
        finally
        {
            Release(snapshot);
        }
    }

    // ---- listing ----

    public async Task<IndexPage> ListAsync(IndexQuery query, CancellationToken ct)
    {
        if (status == IndexStatus.Rebuilding)
        {
            try
            {
                await ready.Task.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw Unavailable();
            }
        }

        if (status == IndexStatus.Unavailable)
        {
            throw Unavailable();
        }

        var snapshot = Acquire();
        try
        {
            var sources = new List<IIndexCursor>(snapshot.Segments.Length + 2) { new MemtableCursor(snapshot.Active) };
            if (snapshot.Sealed is not null)
            {
                sources.Add(new MemtableCursor(snapshot.Sealed));
            }

            sources.AddRange(snapshot.Segments.Select(s => new SegmentCursor(s)));
            using var cursor = new MergeCursor(sources);
            var page = IndexLister.List(cursor, query);
            LastListingSteps = cursor.Steps;
            return page;
        }
        catch (InvalidDataException e)
        {
            Invalidate(e);
            throw Unavailable();
        }
        finally
        {
            Release(snapshot);
        }
    }

    // ---- close ----

    /// <summary>
    /// Stops background work and, with <paramref name="flush"/>, writes the memtables to a segment so the next open
    /// replays nothing. Without it (the bucket is being deleted), just lets go of the files.
    /// </summary>
    public void Close(bool flush)
    {
        Stop();
        if (flush && status == IndexStatus.Available && complete && materialized)
        {
            try
            {
                var current = state;
                var segments = current.Segments;
                foreach (var table in new[] { current.Sealed, current.Active })
                {
                    if (table is not null && WriteSegment(table, dropTombstones: segments.Length == 0) is { } created)
                    {
                        segments = [created, .. segments];
                    }
                }

                WriteManifest(complete: true, journalStart: Interlocked.Read(ref nextFileNumber), segments);
                state = new IndexState(new Memtable(), null, segments);
                foreach (var old in sealedJournals.Concat(activeJournals))
                {
                    old.Delete();
                }

                sealedJournals = [];
                activeJournals = [];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The journals are still there: the next open replays them.
            }
        }

        ReleaseFiles();
    }

    /// <summary>What a killed process leaves: nothing flushed, files as they are. For crash tests.</summary>
    internal void Abandon()
    {
        Stop();
        ReleaseFiles();
    }

    // ---- load ----

    private void Load()
    {
        var manifest = ReadManifest();
        nextFileNumber = Math.Max(manifest?.NextFileNumber ?? 1, HighestFileNumber() + 1);
        if (manifest is { Complete: true })
        {
            try
            {
                Recover(manifest);
                return;
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                // A damaged or missing segment: the index cannot be trusted, rebuild it as if it were not there.
                ReleaseFiles();
                state = IndexState.Empty;
                activeJournals = [];
            }
        }

        if (!LocalDisk.HasObjects(disk.Resolve(StoragePaths.BucketObjectsDirectory(bucket))))
        {
            // Nothing to index: an empty index, whose files the first change creates.
            status = IndexStatus.Available;
            complete = true;
            ready.TrySetResult();
            return;
        }

        if (disk.Indexer is null)
        {
            // Writes will leave the index alone from now on, so an index left here must never be trusted again.
            if (manifest is not null)
            {
                File.Delete(ManifestPath);
                LocalDisk.SyncDirectories([directory]);
            }

            failure = new ObjectIndexUnavailableException(
                $"The key index of bucket '{bucket}' on {disk} must be rebuilt from its metadata files, and no {nameof(IObjectIndexer)} is configured to read them "
                + $"(set {nameof(LocalDiskOptions)}.{nameof(LocalDiskOptions.Indexer)}).");
            status = IndexStatus.Unavailable;
            return;
        }

        StartRebuild();
    }

    private void Recover(IndexManifest manifest)
    {
        materialized = true;
        complete = true;
        var segments = new List<IndexSegment>();
        try
        {
            foreach (var number in manifest.Segments)
            {
                segments.Add(IndexSegment.Open(SegmentPath(number), number));
            }
        }
        catch
        {
            segments.ForEach(s => s.Release());
            throw;
        }

        // Files the manifest does not name: segments of a flush or compaction that crashed before its manifest,
        // journals whose records are all in segments.
        var journals = new List<(long Number, string Path)>();
        foreach (var (number, path, isJournal) in IndexFiles())
        {
            if (isJournal && number >= manifest.JournalStart)
            {
                journals.Add((number, path));
            }
            else if (isJournal || !manifest.Segments.Contains(number))
            {
                File.Delete(path);
            }
        }

        journals.Sort((a, b) => a.Number.CompareTo(b.Number));
        var changes = new Dictionary<string, (byte[] Key, List<JournalRecord> Records)>(StringComparer.Ordinal);
        foreach (var (number, path) in journals)
        {
            // Each journal is read up to its torn tail, if any; a later journal still counts (its records were
            // made durable by syncs of their own).
            foreach (var record in JournalRecord.ReadAll(File.ReadAllBytes(path)))
            {
                var name = Utf8Keys.Decode(record.Key);
                if (!changes.TryGetValue(name, out var list))
                {
                    changes[name] = list = (record.Key, []);
                }

                list.Records.Add(record);
            }

            activeJournals.Add(IndexJournal.Replayed(path, number));
        }

        var table = new Memtable();
        foreach (var (name, (key, records)) in changes)
        {
            if (Reconcile(name, records) is { } value)
            {
                table.Set(key, value);
            }
        }

        state = new IndexState(table, null, [.. segments]);
        status = IndexStatus.Available;
        ready.TrySetResult();
    }

    /// <summary>
    /// What the index must say about a key whose changes are in the journal tail, given its metadata file now: a
    /// record was appended before its metadata rename, so after a crash the rename may be missing. The newest record
    /// whose document hash matches the file on disk is the change that happened; no file means no entry; a file
    /// matching no record was written before the tail, so the segments already hold it (null: leave them).
    /// </summary>
    private IndexValue? Reconcile(string key, List<JournalRecord> records)
    {
        byte[] document;
        try
        {
            document = File.ReadAllBytes(disk.Resolve(StoragePaths.ObjectMetadataFile(bucket, key)));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return IndexValue.Tombstone;
        }

        var hash = XxHash64.HashToUInt64(document);
        for (var i = records.Count - 1; i >= 0; i--)
        {
            if (records[i].Kind != JournalRecordKind.Delete && records[i].DocumentHash == hash)
            {
                return records[i].Value;
            }
        }

        return null;
    }

    private void StartRebuild()
    {
        ClearDirectory();
        Directory.CreateDirectory(directory);
        var number = nextFileNumber++;
        journal = IndexJournal.Create(JournalPath(number), number);
        activeJournals = [journal];
        WriteManifest(complete: false, journalStart: number, []);
        materialized = true;
        complete = false;
        status = IndexStatus.Rebuilding;
        scan = Task.Run(ScanAsync);
    }

    /// <summary>
    /// Rebuild: every metadata file of the bucket, described by the indexer, into the memtable (which flushes as it
    /// fills, so memory stays bounded). Writes go on meanwhile; each file is read under its object's stripe lock, so a
    /// write's rename lands either before the read (which sees it) or after (and applies on top). A delete looks its
    /// key up only once it has pinned a memtable, and looks in that memtable again under the lock before it moves the
    /// object away, so an entry applied here after its look is still seen and deleted.
    /// </summary>
    private async Task ScanAsync()
    {
        var indexer = disk.Indexer!;
        try
        {
            foreach (var fanOut in EnumerateDirectories(disk.Resolve(StoragePaths.BucketObjectsDirectory(bucket))))
            {
                foreach (var objectDirectory in EnumerateDirectories(fanOut))
                {
                    stopping.Token.ThrowIfCancellationRequested();
                    var hash = Path.GetFileName(objectDirectory);
                    if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
                    {
                        continue;
                    }

                    options.FaultInjection?.Invoke(FaultPoints.RebuildNextDocument);
                    if (await EnterAsync(null).ConfigureAwait(false) is not { } pin)
                    {
                        return;
                    }

                    try
                    {
                        lock (Stripe(hash))
                        {
                            var document = ReadOrNull(Path.Combine(objectDirectory, StoragePaths.MetadataFile));
                            options.FaultInjection?.Invoke(FaultPoints.RebuildDocumentRead);
                            if (document is not null
                                && indexer.Describe(bucket, document) is { } described
                                && StoragePaths.KeyHash(described.Key) == hash)
                            {
                                described.Entry.Validate(nameof(IObjectIndexer));
                                pin.Table.Set(Utf8Keys.Encode(described.Key, nameof(IndexedObject.Key)), IndexValue.Of(described.Entry));
                            }
                        }
                    }
                    finally
                    {
                        pin.Exit();
                    }
                }
            }

            scanDone = true;
            Kick();
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = e;
            status = IndexStatus.Unavailable;
            ready.TrySetException(e);
        }
    }

    // ---- background work ----

    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                await kick.WaitAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Volatile.Write(ref kickPending, 0);
            try
            {
                await WorkAsync().ConfigureAwait(false);
                BackgroundError = null;
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (InvalidDataException e)
            {
                // A damaged segment: merging it again will not help.
                BackgroundError = e;
                Invalidate(e);
                return;
            }
            catch (Exception e)
            {
                // A full or failing disk: the journals keep every change meanwhile; try again later.
                BackgroundError = e;
                try
                {
                    await Task.Delay(RetryDelay, stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                Kick();
            }
        }
    }

    private async Task WorkAsync()
    {
        if (status == IndexStatus.Unavailable)
        {
            return;
        }

        var finishing = scanDone && !complete;
        if (State.Sealed is null && (finishing || NeedsFlush()))
        {
            await SealAsync().ConfigureAwait(false);
        }

        if (State.Sealed is not null)
        {
            await FlushSealedAsync(markComplete: finishing).ConfigureAwait(false);
            if (finishing)
            {
                complete = true;
                status = IndexStatus.Available;
                ready.TrySetResult();
            }
        }

        for (var run = PickCompaction(); run > 0; run = PickCompaction())
        {
            Compact(run);
        }
    }

    private bool NeedsFlush()
    {
        var active = state.Active;
        if (active.Count >= options.IndexMemtableEntries || active.Bytes >= options.IndexMemtableBytes)
        {
            return true;
        }

        var journalBytes = 0L;
        foreach (var j in Volatile.Read(ref activeJournals))
        {
            journalBytes += j.Length;
        }

        return journalBytes >= options.IndexJournalBytes;
    }

    private void Kick()
    {
        if (Interlocked.Exchange(ref kickPending, 1) == 0)
        {
            kick.Release();
        }
    }

    /// <summary>
    /// Switches to a new memtable and journal: new changes wait while the changes already pinned to the current
    /// memtable finish (about one sync), so no change straddles the switch.
    /// </summary>
    private async Task SealAsync()
    {
        var number = Interlocked.Increment(ref nextFileNumber) - 1;
        var next = IndexJournal.Create(JournalPath(number), number);
        LocalDisk.SyncDirectories([directory]);
        Task wait;
        lock (gate)
        {
            sealing = true;
            reopened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (pins == 0)
            {
                drained.TrySetResult();
            }

            wait = drained.Task;
        }

        await wait.ConfigureAwait(false);
        TaskCompletionSource resume;
        lock (gate)
        {
            lock (stateLock)
            {
                state = new IndexState(new Memtable(), state.Active, state.Segments);
            }

            sealedJournals = activeJournals;
            activeJournals = [next];
            journal = next;
            sealing = false;
            resume = reopened!;
            reopened = null;
            drained = null;
        }

        resume.TrySetResult();
    }

    private async Task FlushSealedAsync(bool markComplete)
    {
        var current = State;
        var created = WriteSegment(current.Sealed!, dropTombstones: current.Segments.Length == 0);
        IndexSegment[] segments = created is null ? current.Segments : [created, .. current.Segments];

        // The sealed memtable holds changes applied after their metadata rename, which may not be durable yet; once
        // its journals are gone nothing would point recovery at those keys. Make every rename so far durable first.
        if (disk.DurabilityProvider.CoversEverything)
        {
            await disk.DurabilityProvider.MakeDurableAsync(null, []).ConfigureAwait(false);
        }

        long start;
        lock (gate)
        {
            start = activeJournals.Count > 0 ? activeJournals[0].Number : Interlocked.Read(ref nextFileNumber);
        }

        WriteManifest(markComplete || complete, start, segments);
        lock (stateLock)
        {
            state = state with { Sealed = null, Segments = segments };
        }

        foreach (var old in sealedJournals)
        {
            old.Delete();
        }

        sealedJournals = [];
    }

    /// <summary>
    /// How many of the newest segments beyond the first to merge (0: none): the longest run s0..sk in which each
    /// segment holds at most <see cref="CompactionRatio"/> times the records of the newer ones together.
    /// </summary>
    private int PickCompaction()
    {
        var segments = State.Segments;
        var newer = segments.Length > 0 ? segments[0].Entries : 0;
        var run = 0;
        for (var i = 1; i < segments.Length && segments[i].Entries <= CompactionRatio * newer; i++)
        {
            run = i;
            newer += segments[i].Entries;
        }

        return run;
    }

    private void Compact(int run)
    {
        var current = State;
        var inputs = current.Segments[..(run + 1)];
        var whole = run == current.Segments.Length - 1;
        var number = Interlocked.Increment(ref nextFileNumber) - 1;
        var path = SegmentPath(number);
        IndexSegment? merged = null;
        var wrote = false;
        using (var cursor = new MergeCursor(inputs.Select(s => (IIndexCursor)new SegmentCursor(s)).ToArray()))
        using (var writer = new SegmentWriter(path, options.IndexBlockBytes))
        {
            cursor.Seek([]);
            for (var n = 0; cursor.Valid; n++)
            {
                if ((n & 0xFFF) == 0)
                {
                    stopping.Token.ThrowIfCancellationRequested();
                }

                // Nothing older is left for a tombstone to shadow once the oldest segment is in the merge.
                if (!(whole && cursor.IsTombstone))
                {
                    writer.Add(cursor.Key, cursor.IsTombstone, cursor.Hidden, cursor.Summary);
                }

                cursor.Next();
            }

            if (writer.Entries > 0)
            {
                writer.Finish();
                LocalDisk.SyncDirectories([directory]);
                wrote = true;
            }
        }

        if (wrote)
        {
            options.FaultInjection?.Invoke(FaultPoints.CompactionSegmentWritten);
            merged = IndexSegment.Open(path, number);
        }
        else
        {
            File.Delete(path);
        }

        IndexSegment[] segments = merged is null ? current.Segments[(run + 1)..] : [merged, .. current.Segments[(run + 1)..]];
        long start;
        lock (gate)
        {
            start = activeJournals.Count > 0 ? activeJournals[0].Number : Interlocked.Read(ref nextFileNumber);
        }

        WriteManifest(complete, start, segments);
        lock (stateLock)
        {
            state = state with { Segments = segments };
        }

        foreach (var input in inputs)
        {
            try
            {
                File.Delete(input.Path);
            }
            catch (IOException)
            {
                // Not in the manifest any more: removed at the next open.
            }

            input.Release();
        }
    }

    /// <summary>A segment of a memtable's records (null when there are none to keep), durable, directory entry included.</summary>
    private IndexSegment? WriteSegment(Memtable table, bool dropTombstones)
    {
        var number = Interlocked.Increment(ref nextFileNumber) - 1;
        var path = SegmentPath(number);
        using (var writer = new SegmentWriter(path, options.IndexBlockBytes))
        {
            for (var node = table.First; node is not null; node = node.Next(0))
            {
                var value = node.Value;
                if (!(dropTombstones && value.IsTombstone))
                {
                    writer.Add(node.Key, value.IsTombstone, value.Hidden, value.Summary);
                }
            }

            if (writer.Entries == 0)
            {
                writer.Dispose();
                File.Delete(path);
                return null;
            }

            writer.Finish();
        }

        LocalDisk.SyncDirectories([directory]);
        options.FaultInjection?.Invoke(FaultPoints.FlushSegmentWritten);
        return IndexSegment.Open(path, number);
    }

    // ---- files ----

    private string ManifestPath => Path.Combine(directory, ManifestFile);

    private string JournalPath(long number) => Path.Combine(directory, JournalPrefix + number.ToString("D10", CultureInfo.InvariantCulture));

    private string SegmentPath(long number) => Path.Combine(directory, SegmentPrefix + number.ToString("D10", CultureInfo.InvariantCulture));

    /// <summary>Creates the index's files at the first change of a bucket that had none (under the gate).</summary>
    private void EnsureJournal()
    {
        if (journal is not null)
        {
            return;
        }

        var number = Interlocked.Increment(ref nextFileNumber) - 1;
        if (!materialized)
        {
            ClearDirectory();
            Directory.CreateDirectory(directory);
            WriteManifest(complete: true, journalStart: number, []);
            materialized = true;
        }

        journal = IndexJournal.Create(JournalPath(number), number);
        LocalDisk.SyncDirectories([directory]);
        activeJournals = [.. activeJournals, journal];
    }

    private void WriteManifest(bool complete, long journalStart, IndexSegment[] segments)
    {
        var manifest = new IndexManifest(IndexManifest.CurrentVersion, complete, journalStart, Interlocked.Read(ref nextFileNumber), segments.Select(s => s.Number).ToArray());
        var temp = disk.NewTempPath();
        using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, JsonSerializer.SerializeToUtf8Bytes(manifest, IndexJsonContext.Default.IndexManifest), 0);
            LocalDisk.SyncFile(handle);
        }

        File.Move(temp, ManifestPath, overwrite: true);
        LocalDisk.SyncDirectories([directory, disk.TempDirectory]);
    }

    private IndexManifest? ReadManifest()
    {
        try
        {
            var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(ManifestPath), IndexJsonContext.Default.IndexManifest);
            return manifest is { Version: IndexManifest.CurrentVersion } ? manifest : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    private IEnumerable<(long Number, string Path, bool IsJournal)> IndexFiles()
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            var isJournal = name.StartsWith(JournalPrefix, StringComparison.Ordinal);
            var isSegment = name.StartsWith(SegmentPrefix, StringComparison.Ordinal);
            if ((isJournal || isSegment)
                && long.TryParse(name.AsSpan(isJournal ? JournalPrefix.Length : SegmentPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                yield return (number, path, isJournal);
            }
        }
    }

    private long HighestFileNumber() => IndexFiles().Select(f => f.Number).DefaultIfEmpty(0).Max();

    private void ClearDirectory()
    {
        if (Directory.Exists(directory))
        {
            foreach (var path in Directory.EnumerateFiles(directory))
            {
                File.Delete(path);
            }
        }
    }

    private static IEnumerable<string> EnumerateDirectories(string path)
    {
        try
        {
            return Directory.EnumerateDirectories(path).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            // Removed by a concurrent delete of its last object.
            return [];
        }
    }

    private static byte[]? ReadOrNull(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    // ---- snapshots and shutdown ----

    private IndexState Acquire()
    {
        lock (stateLock)
        {
            foreach (var segment in state.Segments)
            {
                if (!segment.TryAddReference())
                {
                    throw new ObjectDisposedException(ToString());
                }
            }

            return state;
        }
    }

    private static void Release(IndexState snapshot)
    {
        foreach (var segment in snapshot.Segments)
        {
            segment.Release();
        }
    }

    /// <summary>
    /// A damaged segment was found: the index stops answering and being maintained, and its manifest goes, so the
    /// next open rebuilds it from the metadata files.
    /// </summary>
    private void Invalidate(Exception damage)
    {
        lock (gate)
        {
            if (status == IndexStatus.Unavailable)
            {
                return;
            }

            failure = new ObjectIndexUnavailableException(
                $"The key index of bucket '{bucket}' on {disk} is damaged ({damage.Message}); it will be rebuilt from the metadata files when the disk is next opened.",
                damage);
            status = IndexStatus.Unavailable;
        }

        try
        {
            File.Delete(ManifestPath);
            LocalDisk.SyncDirectories([directory]);
        }
        catch (IOException)
        {
            // The damage is found again at the next open, with the same outcome.
        }
    }

    private Exception Unavailable() => failure as ObjectIndexUnavailableException
        ?? new ObjectIndexUnavailableException($"The key index of bucket '{bucket}' on {disk} could not be rebuilt: {failure?.Message}", failure!);

    private void Stop()
    {
        lock (gate)
        {
            // New changes fail from here on; one already waiting for a memtable switch fails once it is done.
            closed = true;
        }

        stopping.Cancel();
        foreach (var task in new[] { worker, scan })
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // Background work ends with cancellation; what it failed on is reported by BackgroundError.
            }
        }

        Task wait;
        lock (gate)
        {
            sealing = true;
            drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (pins == 0)
            {
                drained.TrySetResult();
            }

            wait = drained.Task;
        }

        wait.GetAwaiter().GetResult();
    }

    private void ReleaseFiles()
    {
        foreach (var j in sealedJournals.Concat(activeJournals))
        {
            j.Dispose();
        }

        foreach (var segment in state.Segments)
        {
            segment.Release();
        }

        state = state with { Segments = [] };
    }

    public override string ToString() => $"index of bucket '{bucket}' on {disk}";
}
