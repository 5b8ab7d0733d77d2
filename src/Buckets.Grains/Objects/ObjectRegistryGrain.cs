using Buckets.Abstractions;
using Buckets.Grains.Erasure;
using Buckets.Grains.Listing;
using Buckets.Grains.Persistence;
using Buckets.Grains.Topology;
using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Objects;

/// <summary>
/// The registry entry and write coordinator of one object key. Not reentrant: writes to a key are serialized here,
/// which is what makes the metadata switch atomic. Holds the current version (and a small object's bytes) in
/// memory, loaded from the set's disks on activation, so a read of a hot object costs no disk access.
/// </summary>
internal sealed class ObjectRegistryGrain(IGrainFactory grains, TopologyCache topology, ILogger<ObjectRegistryGrain> logger)
    : Grain, IObjectRegistryGrain
{
    /// <summary>Readers may still be streaming a replaced version: its shards outlive the switch by this long.</summary>
    private static readonly TimeSpan ReplacedDataGrace = TimeSpan.FromSeconds(30);

    private readonly List<(ObjectVersion Version, DateTime DueUtc)> pendingDeletes = [];
    private string bucket = string.Empty;
    private string key = string.Empty;
    private ObjectVersion? current;
    private byte[]? inlineData;
    private IGrainTimer? cleanupTimer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var name = this.GetPrimaryKeyString();
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new ArgumentException($"'{name}' is not bucket/key.");
        }

        (bucket, key) = (name[..slash], name[(slash + 1)..]);
        await LoadAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await DeleteReplacedAsync(DateTime.MaxValue);
    }

    Task<ObjectState?> IObjectRegistryGrain.Get() =>
        Task.FromResult(current is null
            ? null
            : new ObjectState(current, inlineData is null ? null : new Immutable<byte[]>(inlineData)));

    async Task<WriteTicket> IObjectRegistryGrain.BeginWrite()
    {
        var view = await topology.GetAsync();
        var set = view.Locate(bucket, key);
        return new WriteTicket(set.Index, view.Snapshot.Generation, set.Layout, Guid.NewGuid());
    }

    async Task<ObjectVersion> IObjectRegistryGrain.Commit(ObjectVersion version, ulong diskMask, bool createOnly)
    {
        if (createOnly && current is not null)
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

        await SwitchAsync(version with { Inline = false }, set, holders, inlineShards: null);
        inlineData = null;
        return current!;
    }

    async Task IObjectRegistryGrain.Abort(WriteTicket ticket)
    {
        var set = (await topology.GetAsync()).Snapshot.Set(ticket.SetIndex);
        await Quorum.RunAsync(set.Disks, d => grains.GetGrain<IDiskStoreGrain>(d.GrainKey).DeleteDataDir(bucket, key, ticket.DataDir));
    }

    async Task<ObjectVersion> IObjectRegistryGrain.PutInline(ObjectVersion version, Immutable<byte[]> data, bool createOnly)
    {
        if (createOnly && current is not null)
        {
            throw new PreconditionFailedException($"{bucket}/{key} exists.");
        }

        var view = await topology.GetAsync();
        var set = view.Locate(bucket, key);
        version = version with
        {
            SetIndex = set.Index,
            RingGeneration = view.Snapshot.Generation,
            Layout = set.Layout,
            DataDir = Guid.Empty,
            Inline = true,
        };
        var shards = await grains.GetGrain<IErasureSetGrain>(set.Index).EncodeInline(set.Layout, data, (int)version.Size);
        await SwitchAsync(version, set, set.Disks, shards);
        inlineData = data.Value.Length == version.Size ? data.Value : data.Value.AsSpan(0, (int)version.Size).ToArray();
        return current!;
    }

    async Task<bool> IObjectRegistryGrain.Delete()
    {
        if (current is null)
        {
            return false;
        }

        var replaced = current;
        var set = (await topology.GetAsync()).Snapshot.Set(replaced.SetIndex);
        var tombstone = replaced with { LastModified = DateTimeOffset.UtcNow, DataDir = Guid.NewGuid(), Inline = false, Size = 0 };
        await SwitchAsync(tombstone, set, set.Disks, _ => Document(tombstone, 0, null, deleted: true), listing: null);
        current = null;
        inlineData = null;

        // The tombstone holds on a quorum: now the files can go. A disk that misses this keeps only a tombstone
        // or an outvoted version.
        await Quorum.RunAsync(set.Disks, d => grains.GetGrain<IDiskStoreGrain>(d.GrainKey).DeleteObject(bucket, key));
        return true;
    }

    /// <summary>
    /// Writes the new version's metadata to its disks and makes it current once a write quorum has it. When the
    /// quorum is missed, the disks that took the new metadata get the old document back (inline shard included),
    /// so no failed write becomes visible later by outnumbering the old version.
    /// </summary>
    private Task SwitchAsync(ObjectVersion version, ErasureSetInfo set, IReadOnlyList<DiskInfo> disks, Immutable<byte[]>[]? inlineShards) =>
        SwitchAsync(version, set, disks, d => Document(version, d.Index, inlineShards?[d.Index].Value), ListingEntries.For(version));

    private async Task SwitchAsync(
        ObjectVersion version, ErasureSetInfo set, IReadOnlyList<DiskInfo> disks, Func<DiskInfo, Immutable<byte[]>> document, ListingEntry? listing)
    {
        var outcomes = await Quorum.RunAsync(disks, d => grains.GetGrain<IDiskStoreGrain>(d.GrainKey).WriteObjectMetadata(bucket, key, document(d), listing));
        var written = outcomes.Count(o => o.Succeeded);
        if (written < set.WriteQuorum)
        {
            await RestoreAsync(set, disks.Where((_, i) => outcomes[i].Succeeded).ToArray());
            await DeleteDataAsync(version);
            throw new StorageUnavailableException(
                $"The change of {bucket}/{key} reached {written} of {set.TotalShards} disks; {set.WriteQuorum} are needed. {Quorum.Describe(outcomes)}");
        }

        var replaced = current;
        current = version;
        if (replaced is not null && !replaced.Inline && replaced.DataDir != version.DataDir)
        {
            ScheduleDelete(replaced);
        }
    }

    /// <summary>Puts the current version's document back on disks that took a change which then missed its quorum.</summary>
    private async Task RestoreAsync(ErasureSetInfo set, IReadOnlyList<DiskInfo> touched)
    {
        if (touched.Count == 0)
        {
            return;
        }

        if (current is null || current.SetIndex != set.Index)
        {
            // Nothing was current here (activation proved the key absent on enough disks): drop what was written.
            await Quorum.RunAsync(touched, d => grains.GetGrain<IDiskStoreGrain>(d.GrainKey).DeleteObject(bucket, key));
            return;
        }

        var old = current;
        Immutable<byte[]>[]? shards = null;
        if (old.Inline && inlineData is not null)
        {
            // Encoding is deterministic: the same bytes give the same shard streams the disks had.
            shards = await grains.GetGrain<IErasureSetGrain>(set.Index).EncodeInline(old.Layout, new Immutable<byte[]>(inlineData), inlineData.Length);
        }

        await Quorum.RunAsync(touched, d => grains.GetGrain<IDiskStoreGrain>(d.GrainKey)
            .WriteObjectMetadata(bucket, key, Document(old, d.Index, shards?[d.Index].Value), ListingEntries.For(old)));
    }

    private static Immutable<byte[]> Document(ObjectVersion version, int shardIndex, byte[]? inlineShard, bool deleted = false) =>
        new(GrainJson.Serialize(new ObjectMetadataDocument(ObjectMetadataDocument.CurrentFormat, version, shardIndex, inlineShard, deleted)));

    private async Task LoadAsync()
    {
        var set = (await topology.GetAsync()).Locate(bucket, key);
        var reads = await Quorum.RunAsync(set.Disks, d => grains.GetGrain<IDiskStoreGrain>(d.GrainKey).ReadObjectMetadata(bucket, key));
        var silent = reads.Count(r => !r.Succeeded);
        var documents = reads
            .Where(r => r.Succeeded && r.Value is not null)
            .Select(r => GrainJson.Deserialize<ObjectMetadataDocument>(r.Value!.Value.Value))
            .Where(d => d is not null && d.FormatVersion == ObjectMetadataDocument.CurrentFormat)
            .Select(d => d!)
            .ToArray();

        // The newest version that at least K disks describe is current: anything fewer cannot be read back, and
        // only a write that failed its quorum leaves such a minority behind. But a version the silent disks could
        // complete to K might be newer than what the answering disks show: then nobody can tell, and the honest
        // answer is "unavailable", not "no such key".
        var versions = documents
            .GroupBy(d => (d.Version.DataDir, d.Version.LastModified, d.Version.ETag, d.Deleted))
            .OrderByDescending(g => g.Key.LastModified)
            .ThenByDescending(g => g.Key.DataDir)
            .ToArray();
        var chosen = versions.FirstOrDefault(g => g.Count() >= set.DataShards);
        var undecidable = versions
            .TakeWhile(g => g != chosen)
            .Any(g => g.Count() + silent >= set.DataShards);
        if (undecidable || (chosen is null && silent >= set.WriteQuorum))
        {
            throw new StorageUnavailableException(
                $"Too few disks answered to tell the current version of {bucket}/{key}. {Quorum.Describe(reads)}");
        }

        if (chosen is null || chosen.Key.Deleted)
        {
            return;
        }

        current = chosen.First().Version;
        if (current.Inline)
        {
            var streams = new Immutable<byte[]>?[set.TotalShards];
            foreach (var document in chosen.Where(d => d.InlineShard is not null && d.ShardIndex >= 0 && d.ShardIndex < streams.Length))
            {
                streams[document.ShardIndex] = new Immutable<byte[]>(document.InlineShard!);
            }

            inlineData = InlineCodec.Decode(ErasureCodecs.Get(current.Layout), current.Size, streams);
        }
    }

    private void ScheduleDelete(ObjectVersion replaced)
    {
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
        if (version.Inline || version.DataDir == Guid.Empty)
        {
            return;
        }

        var set = (await topology.GetAsync()).Snapshot.Set(version.SetIndex);
        var outcomes = await Quorum.RunAsync(set.Disks, d => grains.GetGrain<IDiskStoreGrain>(d.GrainKey).DeleteDataDir(bucket, key, version.DataDir));
        if (outcomes.Any(o => !o.Succeeded))
        {
            ObjectLog.DataCleanupIncomplete(logger, bucket, key, version.DataDir, Quorum.Describe(outcomes));
        }
    }
}
