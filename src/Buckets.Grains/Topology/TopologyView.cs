using Buckets.Abstractions;
using Buckets.Placement;

namespace Buckets.Grains.Topology;

/// <summary>A topology snapshot with the ring built from it.</summary>
public sealed class TopologyView(TopologySnapshot snapshot)
{
    public TopologySnapshot Snapshot { get; } = snapshot;

    public HashRing Ring { get; } = new(snapshot.Sets.Select(s => s.Index));

    public ErasureSetInfo Locate(string bucket, string key) => Snapshot.Set(Ring.Locate(bucket, key));

    /// <summary>The set whose disks hold bucket documents: the lowest-numbered one, which every topology has.</summary>
    public ErasureSetInfo AuthoritySet => Snapshot.Sets.MinBy(s => s.Index)!;
}
