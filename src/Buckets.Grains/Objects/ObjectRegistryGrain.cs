using Buckets.Abstractions;
using Buckets.Grains.Disks;
using Buckets.Grains.Erasure;
using Buckets.Grains.Listing;
using Buckets.Grains.Persistence;
using Buckets.Grains.Topology;
using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Objects;

/// <summary>
/// The registry entry and write coordinator of one object key. Not reentrant: writes to a key are serialized here,
/// which is what makes the metadata switch atomic. Holds the key's versions (newest first) and the latest version's
/// bytes when they are inline, loaded from the set's disks by the first call that needs them, so a read of a hot object
/// costs no disk access. A small PUT to an unversioned bucket does not need them: it learns what it replaced from the
/// disks' answers to its write, so a new key costs no reads at all.
/// </summary>
internal sealed class ObjectRegistryGrain(IGrainFactory grains, DiskGrains diskGrains, TopologyCache topology, ILogger<ObjectRegistryGrain> logger)
    : Grain, IObjectRegistryGrain
{
    /// <summary>Readers may still be streaming a replaced version: its shards outlive the switch by this long.</summary>
    private static readonly TimeSpan ReplacedDataGrace = TimeSpan.FromSeconds(30);

    private readonly List<(ObjectVersion Version, DateTime DueUtc)> pendingDeletes = [];
    private string bucket = string.Empty;
    private string key = string.Empty;

    /// <summary>Newest first. Only the first may be inline.</summary>
    private List<ObjectVersion> versions = [];
    private bool loaded;

    // Data dirs whose writers aborted: a commit of one that arrives after its abort (messages are not ordered) finds
    // its shards gone and must not make them an object.
    private HashSet<Guid>? abandoned;
    private byte[]? inlineData;
    private DateTimeOffset stamp = DateTimeOffset.MinValue;
    private IGrainTimer? cleanupTimer;

    private ObjectVersion? Latest => versions.Count > 0 ? versions[0] : null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var name = this.GetPrimaryKeyString();
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new ArgumentException($"'{name}' is not bucket/key.");
        }

        (bucket, key) = (name[..slash], name[(slash + 1)..]);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await DeleteReplacedAsync(DateTime.MaxValue);
    }

    async Task<ObjectState?> IObjectRegistryGrain.Get(string? versionId)
    {
        await EnsureLoadedAsync();
        var version = versionId is null ? Latest : Find(versionId);
        if (version is null)
        {
            return null;
        }

        var bytes = version.Inline && ReferenceEquals(version, Latest) && inlineData is not null ? new Immutable<byte[]>(inlineData) : (Immutable<byte[]>?)null;
        return new ObjectState(version, bytes);
    }

    async Task<WriteTicket> IObjectRegistryGrain.BeginWrite()
    {
        var view = await topology.GetAsync();
        var set = view.Locate(bucket, key);
        return new WriteTicket(set.Index, view.Snapshot.Generation, set.Layout, Guid.NewGuid());
    }

    async Task<ObjectVersion> IObjectRegistryGrain.Commit(ObjectVersion version, ulong diskMask, bool createOnly, BucketVersioning versioning)
    {
        if (abandoned is not null && version.DataDirs.Any(abandoned.Contains))
        {
            throw new StorageUnavailableException($"The write of {bucket}/{key} was aborted by its writer before this commit arrived.");
        }

        await EnsureLoadedAsync();
        if (createOnly && Latest is { IsDeleteMarker: false })
        {
            await DeleteDataAsync(version);
            throw new PreconditionFailedException($"{bucket}/{key} exists.");
        }

        var set = (await topology.GetAsync()).Snapshot.Set(version.SetIndex);
        var holders = set.Disks.Where(d => (diskMask & (1UL << d.Index)) != 0).ToArray();
        if (holders.Length < set.WriteQuorum)
        {
            await DeleteDataAsync(version);
            throw new StorageUnavailableException(
                $"Only {holders.Length} of {set.TotalShards} disks hold all shards of the new {bucket}/{key}; {set.WriteQuorum} are needed.");
        }

        version = Versioned(version with { Inline = false }, versioning);
        try
        {
            await AddAsync(version, set, holders, inlineShards: null, newInline: null, versioning);
        }
        catch (StorageUnavailableException) when (version.Parts is not null)
        {
            // Parts linked by a copy belong to this write alone, unlike an upload's, which a failed switch keeps.
            await DeleteDataAsync(version);
            throw;
        }

        return version;
    }

    async Task<ObjectVersion> IObjectRegistryGrain.CommitMultipart(ObjectVersion version, BucketVersioning versioning)
    {
        if (version.Parts is not { Length: > 0 })
        {
            throw new ArgumentException("A multipart version needs its parts.", nameof(version));
        }

        await EnsureLoadedAsync();

        var set = (await topology.GetAsync()).Snapshot.Set(version.SetIndex);
        version = Versioned(version with { Inline = false, DataDir = Guid.Empty }, versioning);
        await AddAsync(version, set, set.Disks, inlineShards: null, newInline: null, versioning);
        return version;
    }

    async Task<Guid[]> IObjectRegistryGrain.Referenced(Guid[] dataDirs)
    {
        await EnsureLoadedAsync();
        return dataDirs.Where(d => versions.Any(v => v.DataDirs.Contains(d))).ToArray();
    }

    async Task IObjectRegistryGrain.Abort(WriteTicket ticket)
    {
        // A writer whose commit call failed on its way back (a timeout, a silo lost) cannot know whether the commit
        // happened; this grain can, since it runs after the commit: data a version reads is never dropped. When the
        // key cannot be read (too few disks), no commit of this activation went through either (a commit reads the
        // key first); only a commit by an activation lost since could have, and its data goes, as it always did.
        try
        {
            await EnsureLoadedAsync();
        }
        catch (StorageUnavailableException) when (!loaded)
        {
        }

        if (versions.Any(v => v.DataDirs.Contains(ticket.DataDir)))
        {
            ObjectLog.AbortOfCommittedWrite(logger, bucket, key, ticket.DataDir);
            return;
        }

        (abandoned ??= []).Add(ticket.DataDir);

        var set = (await topology.GetAsync()).Snapshot.Set(ticket.SetIndex);
        await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).DeleteDataDir(bucket, key, ticket.DataDir));
    }

    async Task<ObjectVersion> IObjectRegistryGrain.PutInline(ObjectVersion version, Immutable<byte[]> data, bool createOnly, BucketVersioning versioning)
    {
        // Only a plain write of the null version can do without the versions it replaces (see ReplaceUnreadAsync).
        var replaceUnread = !loaded && !createOnly && versioning == BucketVersioning.Unversioned;
        if (!replaceUnread)
        {
            await EnsureLoadedAsync();
        }

        if (createOnly && Latest is { IsDeleteMarker: false })
        {
            throw new PreconditionFailedException($"{bucket}/{key} exists.");
        }

        var view = await topology.GetAsync();
        var set = view.Locate(bucket, key);
        version = Versioned(
            version with
            {
                SetIndex = set.Index,
                RingGeneration = view.Snapshot.Generation,
                Layout = set.Layout,
                DataDir = Guid.Empty,
                Inline = true,
            },
            versioning);
        // Encoding a few KiB here costs less than the grain call that would hand it to the set's worker.
        var shards = InlineCodec.Encode(ErasureCodecs.Get(set.Layout), data.Value, (int)version.Size);
        var bytes = data.Value.Length == version.Size ? data.Value : data.Value.AsSpan(0, (int)version.Size).ToArray();
        if (replaceUnread)
        {
            await ReplaceUnreadAsync(version, set, shards, bytes);
        }
        else
        {
            await AddAsync(version, set, set.Disks, shards, bytes, versioning);
        }

        return version;
    }

    async Task<ObjectDeletion> IObjectRegistryGrain.Delete(string? versionId, BucketVersioning versioning)
    {
        await EnsureLoadedAsync();
        if (versionId is not null)
        {
            var target = Find(versionId);
            if (target is null)
            {
                return new ObjectDeletion(false, versionId, false);
            }

            await RemoveAsync(target);
            return new ObjectDeletion(true, target.DisplayVersionId, target.IsDeleteMarker);
        }

        if (versioning == BucketVersioning.Unversioned)
        {
            if (Latest is not { } only)
            {
                return new ObjectDeletion(false, null, false);
            }

            await RemoveAsync(only);
            return new ObjectDeletion(true, null, false);
        }

        // Versioning on or suspended: a delete hides the key behind a marker, even when nothing was there (as S3).
        var view = await topology.GetAsync();
        var set = Latest is null ? view.Locate(bucket, key) : view.Snapshot.Set(Latest.SetIndex);
        var marker = Versioned(
            new ObjectVersion(bucket, key, 0, string.Empty, DateTimeOffset.UtcNow, [], set.Layout, set.Index, view.Snapshot.Generation, Guid.Empty, Inline: false, IsDeleteMarker: true),
            versioning);
        await AddAsync(marker, set, set.Disks, inlineShards: null, newInline: null, versioning);
        return new ObjectDeletion(true, marker.DisplayVersionId, true);
    }

    async Task<ObjectVersion?> IObjectRegistryGrain.SetTags(string? versionId, ObjectTag[]? tags)
    {
        await EnsureLoadedAsync();
        var target = versionId is null ? Latest : Find(versionId);
        if (target is null || target.IsDeleteMarker)
        {
            return target;
        }

        var tagged = target with { Tags = tags is { Length: > 0 } ? tags : null };
        var next = versions.Select(v => ReferenceEquals(v, target) ? tagged : v).ToList();

        // The documents live where the latest version does; an inline latest keeps its shards in them.
        var set = (await topology.GetAsync()).Snapshot.Set(Latest!.SetIndex);
        await SwitchAsync(next, set, set.Disks, LatestInlineShards());
        return tagged;
    }

    /// <summary>The version id a new version gets: a fresh one with versioning on, the null version otherwise.</summary>
    private static ObjectVersion Versioned(ObjectVersion version, BucketVersioning versioning) =>
        version with { VersionId = versioning == BucketVersioning.Enabled ? NewVersionId() : null };

    /// <summary>Time-ordered (UUID v7), so ids sort the way versions were written.</summary>
    private static string NewVersionId() => Guid.CreateVersion7().ToString("N");

    private ObjectVersion? Find(string versionId) =>
        versionId == ObjectVersion.NullVersionId
            ? versions.FirstOrDefault(v => v.VersionId is null)
            : versions.FirstOrDefault(v => v.VersionId == versionId);

    /// <summary>
    /// Makes <paramref name="version"/> the latest. Outside versioning it replaces the null version; the version it
    /// pushes down moves its inline bytes to a data dir first, so documents carry at most one version's bytes.
    /// </summary>
    private async Task AddAsync(
        ObjectVersion version, ErasureSetInfo set, IReadOnlyList<DiskInfo> disks, byte[][]? inlineShards, byte[]? newInline, BucketVersioning versioning)
    {
        var replaced = versioning == BucketVersioning.Enabled ? null : versions.FirstOrDefault(v => v.VersionId is null);
        var kept = versions.Where(v => !ReferenceEquals(v, replaced)).ToList();
        ObjectVersion? spilled = null;
        if (kept.Count > 0 && kept[0].Inline)
        {
            spilled = await SpillAsync(kept[0]);
            kept[0] = spilled;
        }

        try
        {
            await SwitchAsync([version, .. kept], set, disks, inlineShards);
        }
        catch
        {
            if (spilled is not null)
            {
                await DeleteDataAsync(spilled);
            }

            throw;
        }

        inlineData = newInline;
        if (replaced is not null)
        {
            ScheduleDelete(replaced);
        }
    }

    /// <summary>
    /// <see cref="AddAsync"/> of a new null version of an unversioned bucket's key, for an activation that has not read
    /// the key: each disk writes only over what the full path would leave nothing of (no document, a tombstone, the
    /// null version alone) and answers the document it found. With a write quorum and no refusal the key holds the new
    /// version alone, as after <see cref="AddAsync"/>, and what the disks' documents held is deleted after the grace
    /// period. Otherwise every disk that wrote gets back exactly the document it had (or loses the object it did not
    /// have); after a refusal (older versions: the bucket was versioned after the caller looked) the key is read and
    /// written the full way.
    /// </summary>
    private async Task ReplaceUnreadAsync(ObjectVersion version, ErasureSetInfo set, byte[][] inlineShards, byte[] newInline)
    {
        var now = NextStamp();
        List<ObjectVersion> next = [version];
        var listing = ListingEntries.For(now, next);
        var outcomes = await Quorum.RunAsync(set.Disks, d =>
            diskGrains.Get(d).ReplaceUnversionedObjectMetadata(bucket, key, Document(next, now, d.Index, inlineShards[d.Index]), listing));
        var written = set.Disks
            .Select((disk, i) => (Disk: disk, Outcome: outcomes[i]))
            .Where(t => t.Outcome is { Succeeded: true, Value.Written: true })
            .Select(t => (t.Disk, Previous: t.Outcome.Value!.Previous))
            .ToArray();
        var refused = outcomes.Any(o => o is { Succeeded: true, Value.Written: false });
        if (refused || written.Length < set.WriteQuorum)
        {
            await Quorum.RunAsync(written, t => t.Previous is { } previous
                ? diskGrains.Get(t.Disk).WriteObjectMetadata(bucket, key, previous, ListingOf(previous.Value))
                : diskGrains.Get(t.Disk).DeleteObject(bucket, key, []));
            if (!refused)
            {
                throw new StorageUnavailableException(
                    $"The change of {bucket}/{key} reached {written.Length} of {set.TotalShards} disks; {set.WriteQuorum} are needed. {Quorum.Describe(outcomes)}");
            }

            await EnsureLoadedAsync();
            await AddAsync(version, set, set.Disks, inlineShards, newInline, BucketVersioning.Unversioned);
            return;
        }

        var replaced = written
            .Where(t => t.Previous is not null)
            .Select(t => GrainJson.Deserialize<ObjectMetadataDocument>(t.Previous!.Value.Value))
            .OfType<ObjectMetadataDocument>()
            .ToArray();
        versions = next;
        stamp = now;
        inlineData = newInline;
        loaded = true;

        // A document stamped later than this one (written on a silo whose clock runs ahead) would outrank it at a
        // load on the disks that missed this write: stamp the new version once more, after it.
        var latestBefore = replaced.Length == 0 ? DateTimeOffset.MinValue : replaced.Max(d => d.EffectiveStamp);
        if (latestBefore >= now)
        {
            stamp = latestBefore;
            await SwitchAsync(next, set, set.Disks, inlineShards);
        }

        // Every disk that wrote held the null version at most, so nothing those documents point to is still in use,
        // whichever of them a load would have chosen: each data dir found goes, once.
        var seen = new HashSet<Guid>();
        foreach (var old in replaced.SelectMany(d => d.Versions))
        {
            var dirs = old.DataDirs.ToArray();
            if (dirs.Length > 0 && dirs.Any(seen.Add))
            {
                ScheduleDelete(old);
            }
        }
    }

    private static ListingEntry? ListingOf(byte[] document) =>
        GrainJson.Deserialize<ObjectMetadataDocument>(document) is { } parsed ? ListingEntries.For(parsed) : null;

    /// <summary>Removes one version for good; the last one takes the key with it.</summary>
    private async Task RemoveAsync(ObjectVersion target)
    {
        var set = (await topology.GetAsync()).Snapshot.Set(target.SetIndex);
        var remaining = versions.Where(v => !ReferenceEquals(v, target)).ToList();
        if (remaining.Count > 0)
        {
            // Only the latest version can be inline, and the one below it never is. A latest version that stays keeps
            // its bytes in the new documents: without its shards there, a reload could not read it.
            var wasLatest = ReferenceEquals(target, Latest);
            await SwitchAsync(remaining, set, set.Disks, wasLatest ? null : LatestInlineShards());
            if (wasLatest)
            {
                inlineData = null;
            }

            ScheduleDelete(target);
            return;
        }

        var now = NextStamp();
        var tombstone = target with { LastModified = now, DataDir = Guid.NewGuid(), Inline = false, Size = 0 };
        await SwitchAsync(
            set,
            set.Disks,
            _ => new(GrainJson.Serialize(new ObjectMetadataDocument(ObjectMetadataDocument.CurrentFormat, tombstone, 0, null, Deleted: true, Stamp: now))),
            listing: null,
            now);
        var removed = versions;
        versions = [];
        inlineData = null;

        // The tombstone holds on a quorum: now the files can go. A disk that misses this keeps only a tombstone
        // or an outvoted version. Only the removed versions' data dirs go with it: an open multipart upload of the
        // key keeps its parts beside them, and a replaced version's wait out their grace period.
        var dataDirs = removed.SelectMany(v => v.DataDirs).Distinct().ToArray();
        await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).DeleteObject(bucket, key, dataDirs));
    }

    /// <summary>Writes an inline version's bytes to a data dir of its own, as a streamed write would have.</summary>
    private async Task<ObjectVersion> SpillAsync(ObjectVersion version)
    {
        var data = inlineData ?? throw new InvalidOperationException($"The inline bytes of {bucket}/{key} are not loaded.");
        var set = (await topology.GetAsync()).Snapshot.Set(version.SetIndex);
        var ticket = new WriteTicket(set.Index, version.RingGeneration, version.Layout, Guid.NewGuid());
        var erasure = grains.GetGrain<IErasureSetGrain>(set.Index);
        var blockSize = version.Layout.BlockSize;
        var blocks = Math.Max(1, (data.Length + blockSize - 1) / blockSize);
        var mask = ulong.MaxValue;
        for (var block = 0; block < blocks; block++)
        {
            var length = Math.Min(blockSize, data.Length - (block * blockSize));
            var piece = block == 0 && blocks == 1 ? data : data.AsSpan(block * blockSize, length).ToArray();
            mask &= await erasure.WriteBlock(new BlockWrite(bucket, key, ticket, block, new Immutable<byte[]>(piece), length, block == blocks - 1));
        }

        var spilled = version with { Inline = false, DataDir = ticket.DataDir };
        var holders = set.Disks.Count(d => (mask & (1UL << d.Index)) != 0);
        if (holders < set.WriteQuorum)
        {
            await DeleteDataAsync(spilled);
            throw new StorageUnavailableException(
                $"Moving the previous version of {bucket}/{key} to a data dir reached {holders} of {set.TotalShards} disks; {set.WriteQuorum} are needed.");
        }

        return spilled;
    }

    /// <summary>
    /// Writes the new version list to its disks and makes it current once a write quorum has it. When the quorum is
    /// missed, the disks that took the new metadata get the old document back (inline shard included), so no failed
    /// write becomes visible later by outnumbering the old state.
    /// </summary>
    private Task SwitchAsync(List<ObjectVersion> next, ErasureSetInfo set, IReadOnlyList<DiskInfo> disks, byte[][]? inlineShards)
    {
        var now = NextStamp();
        return SwitchAsync(set, disks, d => Document(next, now, d.Index, inlineShards?[d.Index]), ListingEntries.For(now, next), now, next);
    }

    private async Task SwitchAsync(
        ErasureSetInfo set,
        IReadOnlyList<DiskInfo> disks,
        Func<DiskInfo, Immutable<byte[]>> document,
        ListingEntry? listing,
        DateTimeOffset now,
        List<ObjectVersion>? next = null)
    {
        var outcomes = await Quorum.RunAsync(disks, d => diskGrains.Get(d).WriteObjectMetadata(bucket, key, document(d), listing));
        var written = outcomes.Count(o => o.Succeeded);
        if (written < set.WriteQuorum)
        {
            await RestoreAsync(set, disks.Where((_, i) => outcomes[i].Succeeded).ToArray());
            // A new version's data goes with its failed switch, except parts: their upload still owns them. Data a
            // current version reads (a tag change re-lists the versions it had) stays.
            if (next is { Count: > 0 } && next[0].Parts is null && !versions.Any(v => v.DataDirs.Intersect(next[0].DataDirs).Any()))
            {
                await DeleteDataAsync(next[0]);
            }

            throw new StorageUnavailableException(
                $"The change of {bucket}/{key} reached {written} of {set.TotalShards} disks; {set.WriteQuorum} are needed. {Quorum.Describe(outcomes)}");
        }

        stamp = now;
        if (next is not null)
        {
            versions = next;
        }
    }

    /// <summary>Puts the current document back on disks that took a change which then missed its quorum.</summary>
    private async Task RestoreAsync(ErasureSetInfo set, IReadOnlyList<DiskInfo> touched)
    {
        if (touched.Count == 0)
        {
            return;
        }

        if (Latest is null || Latest.SetIndex != set.Index)
        {
            // Nothing was current here (activation proved the key absent on enough disks): drop what was written.
            await Quorum.RunAsync(touched, d => diskGrains.Get(d).DeleteObject(bucket, key, []));
            return;
        }

        var shards = LatestInlineShards();
        var listing = ListingEntries.For(stamp, versions);
        await Quorum.RunAsync(touched, d => diskGrains.Get(d)
            .WriteObjectMetadata(bucket, key, Document(versions, stamp, d.Index, shards?[d.Index]), listing));
    }

    /// <summary>The shard streams of the latest version's inline bytes, for documents that carry them again; null when it is not inline.</summary>
    private byte[][]? LatestInlineShards()
    {
        if (Latest is not { Inline: true } latest || inlineData is null)
        {
            return null;
        }

        // Encoding is deterministic: the same bytes give the same shard streams the disks had.
        return InlineCodec.Encode(ErasureCodecs.Get(latest.Layout), inlineData, inlineData.Length);
    }

    private static Immutable<byte[]> Document(List<ObjectVersion> list, DateTimeOffset written, int shardIndex, byte[]? inlineShard) =>
        new(GrainJson.Serialize(new ObjectMetadataDocument(
            ObjectMetadataDocument.CurrentFormat, list[0], shardIndex, inlineShard, Deleted: false, Older: list.Count > 1 ? list.Skip(1).ToArray() : null, Stamp: written)));

    /// <summary>Strictly increasing per key, so two switches within one clock tick still order.</summary>
    private DateTimeOffset NextStamp()
    {
        var now = DateTimeOffset.UtcNow;
        return now > stamp ? now : stamp.AddTicks(1);
    }

    private async ValueTask EnsureLoadedAsync()
    {
        if (!loaded)
        {
            // A load that fails leaves the activation unloaded: the next call asks the disks again.
            await LoadAsync();
            loaded = true;
        }
    }

    private async Task LoadAsync()
    {
        var set = (await topology.GetAsync()).Locate(bucket, key);
        var reads = await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).ReadObjectMetadata(bucket, key));
        var silent = reads.Count(r => !r.Succeeded);
        var documents = reads
            .Where(r => r.Succeeded && r.Value is not null)
            .Select(r => GrainJson.Deserialize<ObjectMetadataDocument>(r.Value!.Value.Value))
            .Where(d => d is not null && ObjectMetadataDocument.IsReadable(d.FormatVersion))
            .Select(d => d!)
            .ToArray();

        // The newest document that at least K disks hold is current: anything fewer cannot be read back, and only a
        // write that failed its quorum leaves such a minority behind. But a document the silent disks could complete
        // to K might be newer than what the answering disks show: then nobody can tell, and the honest answer is
        // "unavailable", not "no such key".
        var candidates = documents
            .GroupBy(d => (d.EffectiveStamp, d.Version.DataDir, d.Version.VersionId, d.Deleted))
            .OrderByDescending(g => g.Key.EffectiveStamp)
            .ThenByDescending(g => g.Key.DataDir)
            .ToArray();
        var chosen = candidates.FirstOrDefault(g => g.Count() >= set.DataShards);
        var undecidable = candidates
            .TakeWhile(g => g != chosen)
            .Any(g => g.Count() + silent >= set.DataShards);
        if (undecidable || (chosen is null && silent >= set.WriteQuorum))
        {
            throw new StorageUnavailableException(
                $"Too few disks answered to tell the current version of {bucket}/{key}. {Quorum.Describe(reads)}");
        }

        if (chosen is null)
        {
            return;
        }

        stamp = chosen.Key.EffectiveStamp;
        var document = chosen.First();
        versions = [.. document.Versions];
        if (Latest is { Inline: true } latest)
        {
            var streams = new Immutable<byte[]>?[set.TotalShards];
            foreach (var held in chosen.Where(d => d.InlineShard is not null && d.ShardIndex >= 0 && d.ShardIndex < streams.Length))
            {
                streams[held.ShardIndex] = new Immutable<byte[]>(held.InlineShard!);
            }

            inlineData = InlineCodec.Decode(ErasureCodecs.Get(latest.Layout), latest.Size, streams);
        }
    }

    private void ScheduleDelete(ObjectVersion replaced)
    {
        if (!replaced.DataDirs.Any() || versions.Any(v => v.DataDirs.Intersect(replaced.DataDirs).Any()))
        {
            return;
        }

        pendingDeletes.Add((replaced, DateTime.UtcNow + ReplacedDataGrace));
        cleanupTimer ??= this.RegisterGrainTimer(
            static (self, _) => self.DeleteReplacedAsync(DateTime.UtcNow),
            this,
            new GrainTimerCreationOptions { DueTime = ReplacedDataGrace, Period = ReplacedDataGrace, Interleave = false });
    }

    private async Task DeleteReplacedAsync(DateTime now)
    {
        var due = pendingDeletes.Where(p => p.DueUtc <= now).ToArray();
        foreach (var item in due)
        {
            pendingDeletes.Remove(item);
            await DeleteDataAsync(item.Version);
        }

        if (pendingDeletes.Count == 0 && cleanupTimer is not null)
        {
            cleanupTimer.Dispose();
            cleanupTimer = null;
        }
    }

    private async Task DeleteDataAsync(ObjectVersion version)
    {
        var set = (await topology.GetAsync()).Snapshot.Set(version.SetIndex);
        foreach (var dataDir in version.DataDirs)
        {
            var outcomes = await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).DeleteDataDir(bucket, key, dataDir));
            if (outcomes.Any(o => !o.Succeeded))
            {
                ObjectLog.DataCleanupIncomplete(logger, bucket, key, dataDir, Quorum.Describe(outcomes));
            }
        }
    }
}
