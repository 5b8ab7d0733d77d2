using Buckets.Abstractions;

namespace Buckets.Grains.Topology;

/// <summary>
/// This silo's copy of the topology: every request needs it, so it is fetched from the Topology grain once and
/// kept, not asked for per call.
/// </summary>
public sealed class TopologyCache(IGrainFactory grains)
{
    private volatile TopologyView? view;

    public async ValueTask<TopologyView> GetAsync()
    {
        var current = view;
        if (current is not null)
        {
            return current;
        }

        var snapshot = await grains.GetGrain<ITopologyGrain>(0).Get();
        current = new TopologyView(snapshot);
        view = current;
        return current;
    }

    public void Set(TopologySnapshot snapshot) => view = new TopologyView(snapshot);
}
