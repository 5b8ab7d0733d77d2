using Buckets.Abstractions;
using Buckets.Grains.Persistence;
using Buckets.Storage;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>The topology is kept on the disks: a restarted Topology grain adopts it rather than the proposal it is handed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TopologyTests(GrainCluster cluster)
{
    private ITopologyGrain Topology => cluster.Grains.GetGrain<ITopologyGrain>(0);

    [Fact]
    public async Task Initializing_twice_answers_the_same_deployment_and_sets()
    {
        var first = await Topology.Initialize(cluster.Proposal);
        var second = await Topology.Initialize(cluster.Proposal);

        Assert.Equal(cluster.DeploymentId, first.DeploymentId);
        Assert.Equal(Describe(first), Describe(second));
        Assert.Equal(Describe(cluster.Topology), Describe(second));
    }

    [Fact]
    public async Task A_restarted_topology_grain_adopts_the_stored_topology_over_a_reordered_proposal()
    {
        await cluster.DeactivateAsync(Topology);
        var reordered = Reordered(cluster.Proposal, generation: 99, endpoints: null);

        var adopted = await Topology.Initialize(reordered);

        Assert.Equal(cluster.DeploymentId, adopted.DeploymentId);
        Assert.Equal(Describe(cluster.Topology), Describe(adopted));
        Assert.Equal(Describe(cluster.Topology), Describe(await Topology.Get()));
    }

    [Fact]
    public async Task A_disk_served_from_a_new_endpoint_keeps_its_place_in_the_set_and_the_new_endpoint_is_stored()
    {
        // Disk 2 moves from Silo_1 to Silo_0, as if its drive had been moved to another machine.
        var moved = cluster.Disks[2];
        var newEndpoint = GrainCluster.Endpoint(cluster.Silo(0));
        cluster.AlsoServe(0, moved);
        var proposal = Reordered(cluster.Proposal, generation: 1, endpoints: new Dictionary<Guid, string> { [moved.Info.DiskId] = newEndpoint });
        try
        {
            await cluster.DeactivateAsync(Topology);
            var adopted = await Topology.Initialize(proposal);

            var disks = Assert.Single(adopted.Sets).Disks;
            Assert.Equal(cluster.Disks.Select(d => d.Info.DiskId), disks.Select(d => d.DiskId));
            Assert.Equal(Enumerable.Range(0, cluster.Disks.Count), disks.Select(d => d.Index));
            Assert.Equal(newEndpoint, disks[2].Endpoint);
            Assert.Equal(cluster.Disks[3].Info.Endpoint, disks[3].Endpoint);
            Assert.Equal(cluster.SiloIdentity(0), await cluster.Grains.GetGrain<IDiskStoreGrain>(disks[2].GrainKey).GetHost());

            foreach (var disk in cluster.Disks)
            {
                var stored = GrainJson.Deserialize<TopologySnapshot>(
                    await File.ReadAllBytesAsync(Path.Combine(disk.Root, StoragePaths.SystemDocument("topology.json")), TestContext.Current.CancellationToken));
                Assert.Equal(Describe(adopted), Describe(stored));
            }
        }
        finally
        {
            // Back where the fixture put it, for the other tests.
            await Topology.Initialize(cluster.Proposal);
        }

        Assert.Equal(Describe(cluster.Topology), Describe(await Topology.Get()));
    }

    /// <summary>The proposal with its disks in reverse order, another generation, and some disks at other endpoints.</summary>
    private static TopologySnapshot Reordered(TopologySnapshot proposal, long generation, Dictionary<Guid, string>? endpoints) =>
        proposal with
        {
            Generation = generation,
            Sets = proposal.Sets
                .Select(set => set with
                {
                    Disks = set.Disks
                        .Reverse()
                        .Select((d, i) => d with
                        {
                            Index = i,
                            Endpoint = endpoints is not null && endpoints.TryGetValue(d.DiskId, out var endpoint) ? endpoint : d.Endpoint,
                        })
                        .ToArray(),
                })
                .ToArray(),
        };

    private static string Describe(TopologySnapshot? topology) =>
        topology is null ? "none" : System.Text.Encoding.UTF8.GetString(GrainJson.Serialize(topology));
}
