namespace Buckets.Abstractions;

/// <summary>The deployment's erasure sets and their disks; <paramref name="Generation"/> versions the ring built from them.</summary>
[GenerateSerializer, Immutable, Alias("buckets.TopologySnapshot")]
public sealed record TopologySnapshot(Guid DeploymentId, long Generation, IReadOnlyList<ErasureSetInfo> Sets)
{
    public ErasureSetInfo Set(int index) =>
        Sets.FirstOrDefault(s => s.Index == index) ?? throw new ArgumentOutOfRangeException(nameof(index), index, "No such erasure set.");
}
