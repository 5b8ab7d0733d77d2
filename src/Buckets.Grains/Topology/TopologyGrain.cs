using Buckets.Abstractions;
using Buckets.Grains.Disks;
using Buckets.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Topology;

/// <summary>
/// Holds the deployment's topology and keeps it on every disk (<c>topology.json</c>), so it survives restarts and
/// any majority of disks can tell it.
/// </summary>
internal sealed class TopologyGrain(
    DiskGrains diskGrains,
    LocalDiskRegistry localDisks,
    ILocalSiloDetails silo,
    ILogger<TopologyGrain> logger) : Grain, ITopologyGrain
{
    public const string DocumentName = "topology.json";

    private TopologySnapshot? current;

    /// <summary>
    /// A fresh activation (after collection, or on another silo after a failure) recovers the topology from the
    /// disks this silo serves: every disk holds a copy, so no one has to call Initialize again.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var endpoint = $"{silo.SiloAddress.Endpoint.Address}:{silo.SiloAddress.Endpoint.Port}";
        var disks = localDisks.Disks.Select(d => new DiskInfo(d.Format.DiskIndex, d.Format.DiskId, endpoint, d.Root)).ToArray();
        if (disks.Length == 0)
        {
            return;
        }

        var reads = await Quorum.RunAsync(disks, d => diskGrains.Get(d).ReadSystemDocument(DocumentName));
        current = reads
            .Where(r => r.Succeeded && r.Value is not null)
            .Select(r => GrainJson.Deserialize<TopologySnapshot>(r.Value!.Value.Value))
            .Where(t => t is not null)
            .OrderByDescending(t => t!.Generation)
            .FirstOrDefault();
    }

    Task<TopologySnapshot> ITopologyGrain.Get() =>
        current is null
            ? throw new InvalidOperationException("The topology has not been initialized: no server has started its disks yet.")
            : Task.FromResult(current);

    async Task<TopologySnapshot> ITopologyGrain.Initialize(TopologySnapshot proposal)
    {
        var stored = current ?? await ReadStoredAsync(proposal);
        var result = stored is null ? proposal : WithEndpointsOf(stored, proposal);
        if (stored is null || Describe(result) != Describe(stored))
        {
            await PersistAsync(result);
            TopologyLog.Stored(logger, result.DeploymentId, result.Generation, result.Sets.Count);
        }

        current = result;
        return result;
    }

    private async Task<TopologySnapshot?> ReadStoredAsync(TopologySnapshot proposal)
    {
        var disks = proposal.Sets.SelectMany(s => s.Disks).ToArray();
        var reads = await Quorum.RunAsync(disks, d => diskGrains.Get(d).ReadSystemDocument(DocumentName));
        return reads
            .Where(r => r.Succeeded && r.Value is not null)
            .Select(r => GrainJson.Deserialize<TopologySnapshot>(r.Value!.Value.Value))
            .Where(t => t is not null && t.DeploymentId == proposal.DeploymentId)
            .OrderByDescending(t => t!.Generation)
            .FirstOrDefault();
    }

    private async Task PersistAsync(TopologySnapshot topology)
    {
        var document = new Immutable<byte[]>(GrainJson.Serialize(topology));
        var disks = topology.Sets.SelectMany(s => s.Disks).ToArray();
        var writes = await Quorum.RunAsync(disks, d => diskGrains.Get(d).WriteSystemDocument(DocumentName, document));
        var succeeded = writes.Count(w => w.Succeeded);
        if (succeeded < (disks.Length / 2) + 1)
        {
            throw new StorageUnavailableException(
                $"The topology reached {succeeded} of {disks.Length} disks; a majority is needed. {Quorum.Describe(writes)}");
        }
    }

    /// <summary>A disk keeps its place in its set; only the silo that serves it may have changed.</summary>
    private static TopologySnapshot WithEndpointsOf(TopologySnapshot stored, TopologySnapshot proposal)
    {
        var endpoints = proposal.Sets.SelectMany(s => s.Disks).ToDictionary(d => d.DiskId);
        var sets = stored.Sets
            .Select(set => set with
            {
                Disks = set.Disks
                    .Select(d => endpoints.TryGetValue(d.DiskId, out var now) ? d with { Endpoint = now.Endpoint, Path = now.Path } : d)
                    .ToArray(),
            })
            .ToArray();
        return stored with { Sets = sets };
    }

    private static string Describe(TopologySnapshot topology) =>
        System.Text.Encoding.UTF8.GetString(GrainJson.Serialize(topology));
}
