namespace Buckets.Abstractions;

/// <summary>The deployment's erasure sets, disks and owning silos, persisted on every disk.</summary>
[Alias("buckets.ITopologyGrain")]
public interface ITopologyGrain : IGrainWithIntegerKey
{
    [Alias("Get")]
    Task<TopologySnapshot> Get();

    /// <summary>
    /// Adopts the topology stored on the proposal's disks, or stores the proposal when there is none. A disk that
    /// moved to another silo endpoint keeps its place and gets the new endpoint.
    /// </summary>
    [Alias("Initialize")]
    Task<TopologySnapshot> Initialize(TopologySnapshot proposal);
}
