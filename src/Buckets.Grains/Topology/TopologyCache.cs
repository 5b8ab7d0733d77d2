using Buckets.Abstractions;

namespace Buckets.Grains.Topology;

/// <summary>
/// This silo's copy of the topology: every request needs it, so it is fetched from the Topology grain and kept,
/// not asked for per call. It is refreshed in the background once it is older than <see cref="RefreshAfter"/>,
/// so a disk that another silo moved reaches this one without a restart.
/// </summary>
public sealed class TopologyCache(IGrainFactory grains)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);

    private volatile TopologyView? view;
    private long fetchedAt;
    private int refreshing;

    public async ValueTask<TopologyView> GetAsync()
    {
        var current = view;
        if (current is null)
        {
            Set(await grains.GetGrain<ITopologyGrain>(0).Get());
            return view!;
        }

        if (Environment.TickCount64 - Interlocked.Read(ref fetchedAt) > RefreshAfter.TotalMilliseconds &&
            Interlocked.Exchange(ref refreshing, 1) == 0)
        {
            _ = RefreshAsync();
        }

        return current;
    }

    public void Set(TopologySnapshot snapshot)
    {
        view = new TopologyView(snapshot);
        Interlocked.Exchange(ref fetchedAt, Environment.TickCount64);
    }

    private async Task RefreshAsync()
    {
        try
        {
            Set(await grains.GetGrain<ITopologyGrain>(0).Get());
        }
        catch (Exception)
        {
            // Keep serving the copy we have; the next request past the interval tries again.
            Interlocked.Exchange(ref fetchedAt, Environment.TickCount64);
        }
        finally
        {
            Interlocked.Exchange(ref refreshing, 0);
        }
    }
}
