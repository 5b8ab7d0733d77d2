using Buckets.Abstractions;
using Buckets.Grains.Topology;
using Orleans.Concurrency;

namespace Buckets.Grains.Listing;

/// <summary>
/// Lists one bucket by merging the sorted indexes of every disk. A stateless worker: it holds nothing, so it runs on
/// the silo that asked, and a long listing never funnels through one activation.
/// </summary>
[StatelessWorker]
internal sealed class ObjectListingGrain(IGrainFactory grains, TopologyCache topology) : Grain, IObjectListingGrain
{
    async Task<ObjectListing> IObjectListingGrain.List(ListingQuery query)
    {
        var bucket = this.GetPrimaryKeyString();
        var snapshot = (await topology.GetAsync()).Snapshot;
        var sets = snapshot.Sets
            .Select(set => new ListingSet(
                set.DataShards,
                set.Disks.Select(disk => (Func<ListingQuery, Task<ListingPage>>)(q => grains.GetGrain<IDiskStoreGrain>(disk.GrainKey).ListObjects(bucket, q))).ToArray()))
            .ToArray();
        var (items, truncated) = await ListingMerger.MergeAsync(sets, query);
        var entries = items
            .Select(i => new ListedObject(i.Name, i.IsPrefix, i.Summary is null ? [] : ObjectSummaryCodec.Decode(i.Summary)))
            .ToArray();
        return new ObjectListing(entries, truncated);
    }
}
