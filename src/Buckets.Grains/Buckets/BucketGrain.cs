using Buckets.Abstractions;
using Buckets.Grains.Disks;
using Buckets.Grains.Persistence;
using Buckets.Grains.Topology;

namespace Buckets.Grains.Buckets;

/// <summary>
/// One bucket's existence and settings. Its document is written to every disk of every set; the lowest-numbered
/// set's disks are the ones counted, so any K of them tell whether the bucket exists.
/// </summary>
internal sealed class BucketGrain(DiskGrains diskGrains, TopologyCache topology) : Grain, IBucketGrain
{
    private BucketInfo? current;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var view = await topology.GetAsync();
        var name = this.GetPrimaryKeyString();
        var set = view.AuthoritySet;
        var reads = await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).ReadBucket(name));
        current = reads
            .Where(r => r.Succeeded && r.Value is not null)
            .Select(r => GrainJson.Deserialize<BucketInfo>(r.Value!.Value.Value))
            .Where(b => b is not null)
            .GroupBy(b => b!)
            .Where(g => g.Count() >= set.DataShards)
            .Select(g => g.Key)
            .OrderByDescending(b => b.Modified ?? b.Created)
            .FirstOrDefault();
    }

    Task<BucketInfo?> IBucketGrain.Get() => Task.FromResult(current);

    async Task<BucketCreateResult> IBucketGrain.Create()
    {
        if (current is not null)
        {
            return BucketCreateResult.AlreadyOwned;
        }

        var info = new BucketInfo(this.GetPrimaryKeyString(), DateTimeOffset.UtcNow);
        await WriteAsync(info, undo: async disks => await Quorum.RunAsync(disks, d => diskGrains.Get(d).DeleteBucket(info.Name)));
        return BucketCreateResult.Created;
    }

    async Task<bool> IBucketGrain.SetVersioning(BucketVersioning versioning)
    {
        if (current is null)
        {
            return false;
        }

        var previous = current;
        var modified = DateTimeOffset.UtcNow;
        var info = previous with { Versioning = versioning, Modified = modified > (previous.Modified ?? previous.Created) ? modified : (previous.Modified ?? previous.Created).AddTicks(1) };
        var old = new Immutable<byte[]>(GrainJson.Serialize(previous));
        await WriteAsync(info, undo: async disks => await Quorum.RunAsync(disks, d => diskGrains.Get(d).WriteBucket(previous.Name, old)));
        return true;
    }

    /// <summary>
    /// Writes the bucket document to every disk; it counts once the authority set's write quorum has it. Otherwise
    /// <paramref name="undo"/> puts every disk back as it was.
    /// </summary>
    private async Task WriteAsync(BucketInfo info, Func<DiskInfo[], Task> undo)
    {
        var view = await topology.GetAsync();
        var document = new Immutable<byte[]>(GrainJson.Serialize(info));
        var disks = view.Snapshot.Sets.SelectMany(s => s.Disks).ToArray();
        var outcomes = await Quorum.RunAsync(disks, d => diskGrains.Get(d).WriteBucket(info.Name, document));
        var authority = view.AuthoritySet;
        var counted = disks.Where((d, i) => outcomes[i].Succeeded && authority.Disks.Contains(d)).Count();
        if (counted < authority.WriteQuorum)
        {
            await undo(disks);
            throw new StorageUnavailableException(
                $"Bucket {info.Name} reached {counted} of {authority.TotalShards} disks; {authority.WriteQuorum} are needed. {Quorum.Describe(outcomes)}");
        }

        current = info;
    }

    async Task<BucketDeleteResult> IBucketGrain.Delete()
    {
        if (current is null)
        {
            return BucketDeleteResult.NotFound;
        }

        var view = await topology.GetAsync();
        var disks = view.Snapshot.Sets.SelectMany(s => s.Disks).ToArray();
        var checks = await Quorum.RunAsync(disks, d => diskGrains.Get(d).BucketHasObjects(current.Name));
        if (checks.Any(c => c.Succeeded && c.Value))
        {
            return BucketDeleteResult.NotEmpty;
        }

        // Every object sits on a write quorum of its set, so a set has none only if a disk of every possible quorum
        // says so: N - WQ + 1 answers per set, however many the other sets gave.
        foreach (var set in view.Snapshot.Sets)
        {
            var answered = disks.Where((d, i) => checks[i].Succeeded && set.Disks.Contains(d)).Count();
            if (answered < set.TotalShards - set.WriteQuorum + 1)
            {
                throw new StorageUnavailableException($"Too few disks of erasure set {set.Index} answered to tell whether bucket {current.Name} is empty.");
            }
        }

        var outcomes = await Quorum.RunAsync(disks, d => diskGrains.Get(d).DeleteBucket(current.Name));
        var deleted = disks.Where((d, i) => outcomes[i].Succeeded && view.AuthoritySet.Disks.Contains(d)).Count();
        if (deleted < view.AuthoritySet.WriteQuorum)
        {
            throw new StorageUnavailableException(
                $"The delete of bucket {current.Name} reached {deleted} disks; {view.AuthoritySet.WriteQuorum} are needed. {Quorum.Describe(outcomes)}");
        }

        current = null;
        return BucketDeleteResult.Deleted;
    }
}
