using Buckets.Abstractions;
using Buckets.Grains.Disks;
using Buckets.Grains.Topology;

namespace Buckets.Grains.Buckets;

/// <summary>Lists buckets from the disks that count for bucket existence; holds nothing itself.</summary>
[StatelessWorker]
internal sealed class BucketDirectoryGrain(IGrainFactory grains, DiskGrains diskGrains, TopologyCache topology) : Grain, IBucketDirectoryGrain
{
    async Task<IReadOnlyList<BucketInfo>> IBucketDirectoryGrain.List()
    {
        var set = (await topology.GetAsync()).AuthoritySet;
        var lists = await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).ListBuckets());
        var names = lists
            .Where(l => l.Succeeded)
            .SelectMany(l => l.Value!)
            .GroupBy(n => n, StringComparer.Ordinal)
            .Where(g => g.Count() >= set.DataShards)
            .Select(g => g.Key)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var infos = await Task.WhenAll(names.Select(n => grains.GetGrain<IBucketGrain>(n).Get()));
        return infos.Where(i => i is not null).Select(i => i!).ToArray();
    }
}
