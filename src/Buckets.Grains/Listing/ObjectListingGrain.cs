using Buckets.Abstractions;
using Buckets.Grains.Disks;
using Buckets.Grains.Multipart;
using Buckets.Grains.Persistence;
using Buckets.Grains.Topology;
using Orleans.Concurrency;

namespace Buckets.Grains.Listing;

/// <summary>
/// Lists one bucket by merging the sorted indexes of every disk. A stateless worker: it holds nothing, so it runs on
/// the silo that asked, and a long listing never funnels through one activation.
/// </summary>
[StatelessWorker]
internal sealed class ObjectListingGrain(IGrainFactory grains, DiskGrains diskGrains, TopologyCache topology) : Grain, IObjectListingGrain
{
    async Task<ObjectListing> IObjectListingGrain.List(ListingQuery query)
    {
        var bucket = this.GetPrimaryKeyString();
        var snapshot = (await topology.GetAsync()).Snapshot;
        var sets = snapshot.Sets
            .Select(set => new ListingSet(
                set.DataShards,
                set.Disks.Select(disk => (Func<ListingQuery, Task<ListingPage>>)(q => diskGrains.Get(disk).ListObjects(bucket, q))).ToArray()))
            .ToArray();
        var (items, truncated) = await ListingMerger.MergeAsync(sets, query);
        var entries = items
            .Select(i => new ListedObject(i.Name, i.IsPrefix, i.Summary is null ? [] : ObjectSummaryCodec.Decode(i.Summary)))
            .ToArray();
        return new ObjectListing(entries, truncated);
    }

    async Task<UploadInfo[]> IObjectListingGrain.ListUploads()
    {
        var bucket = this.GetPrimaryKeyString();
        var snapshot = (await topology.GetAsync()).Snapshot;
        var uploads = new List<UploadInfo>();
        foreach (var set in snapshot.Sets)
        {
            var reads = await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).ListUploads(bucket));
            if (reads.Count(r => r.Succeeded) < set.DataShards)
            {
                throw new StorageUnavailableException($"Too few disks of erasure set {set.Index} answered to list the uploads of {bucket}. {Quorum.Describe(reads)}");
            }

            // An upload counts where a read quorum holds it: a minority copy is what a failed create or end leaves.
            uploads.AddRange(reads
                .Where(r => r.Succeeded)
                .SelectMany(r => r.Value!)
                .Select(d => GrainJson.Deserialize<UploadDocument>(d.Value))
                .Where(d => d is { FormatVersion: UploadDocument.CurrentFormat })
                .GroupBy(d => d!.Info.UploadId)
                .Where(g => g.Count() >= set.DataShards)
                .Select(g => g.OrderByDescending(d => d!.Stamp).First()!.Info));
        }

        return uploads.ToArray();
    }

    async Task<int> IObjectListingGrain.AbortUploadsBefore(DateTimeOffset cutoff)
    {
        var aborted = 0;
        foreach (var upload in await ((IObjectListingGrain)this).ListUploads())
        {
            if (upload.Initiated >= cutoff)
            {
                continue;
            }

            try
            {
                await grains.GetGrain<IMultipartUploadGrain>(upload.UploadId).Abort(upload.Bucket, upload.Key);
                aborted++;
            }
            catch (NoSuchUploadException)
            {
                // Completed or aborted meanwhile.
            }
        }

        return aborted;
    }
}
