using Buckets.Abstractions;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>A DiskStore grain lives on the silo its key names, the one that can see the disk, and nowhere else.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DiskPlacementTests(GrainCluster cluster)
{
    [Fact]
    public async Task Each_disk_store_grain_activates_on_the_silo_that_serves_its_disk()
    {
        foreach (var disk in cluster.Disks)
        {
            var host = await cluster.Grains.GetGrain<IDiskStoreGrain>(disk.Info.GrainKey).GetHost();

            Assert.Equal(cluster.SiloIdentity(disk.Silo), host);
        }
    }

    [Fact]
    public async Task The_topology_names_each_disk_at_the_advertised_loopback_endpoint_of_its_silo()
    {
        var topology = await cluster.Grains.GetGrain<ITopologyGrain>(0).Get();

        var disks = Assert.Single(topology.Sets).Disks;
        Assert.Equal(cluster.Disks.Select(d => d.Info.DiskId), disks.Select(d => d.DiskId));
        foreach (var disk in cluster.Disks)
        {
            var endpoint = cluster.Silo(disk.Silo).SiloAddress.Endpoint;
            Assert.Equal(System.Net.IPAddress.Loopback, endpoint.Address);
            Assert.Equal($"127.0.0.1:{endpoint.Port}", disks[disk.Index].Endpoint);
        }

        Assert.Equal(GrainCluster.SiloCount, cluster.Disks.Select(d => d.Info.Endpoint).Distinct().Count());
    }

    [Fact]
    public async Task A_disk_key_naming_an_endpoint_outside_the_cluster_is_refused_rather_than_placed_elsewhere()
    {
        var stray = cluster.Grains.GetGrain<IDiskStoreGrain>(DiskStoreKey.Format(Guid.NewGuid(), "127.0.0.1:1"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => stray.GetHost());
        Assert.Contains("127.0.0.1:1,", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disk_key_naming_a_silo_that_does_not_serve_the_disk_is_refused()
    {
        // Disk 3 is Silo_2's; Silo_1 has no such disk to open.
        var wrong = cluster.Grains.GetGrain<IDiskStoreGrain>(DiskStoreKey.Format(cluster.Disks[3].Info.DiskId, GrainCluster.Endpoint(cluster.Silo(1))));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => wrong.GetHost());
        Assert.Contains("not served by this silo", error.ToString(), StringComparison.Ordinal);
    }
}
