using Buckets.Abstractions;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Buckets.Grains.Placement;

/// <summary>
/// Resolves the endpoint in a DiskStore key (<c>{diskId}@{host}:{port}</c>) to the live silo with that endpoint.
/// When that silo is down the activation fails rather than moving: a disk cannot follow its grain.
/// </summary>
public sealed class DiskPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString() ?? string.Empty;
        if (!DiskStoreKey.TryParse(key, out _, out var endpoint))
        {
            throw new OrleansException($"'{key}' is not a disk key ({{diskId:N}}@{{host}}:{{siloPort}}).");
        }

        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (string.Equals($"{silo.Endpoint.Address}:{silo.Endpoint.Port}", endpoint, StringComparison.OrdinalIgnoreCase))
            {
                return Task.FromResult(silo);
            }
        }

        throw new OrleansException($"Disk {key} is served by silo {endpoint}, which is not active in the cluster.");
    }
}
