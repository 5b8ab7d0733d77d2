using Buckets.Abstractions;
using Buckets.Grains.Topology;

namespace Buckets.Server;

/// <summary>
/// Once the silo runs, hands this server's disks to the Topology grain (which adopts what the disks already record)
/// and primes the silo's topology cache; only then is the server ready.
/// </summary>
public sealed class TopologyBootstrapper(
    IGrainFactory grains,
    TopologyCache cache,
    TopologySnapshot proposal,
    Readiness readiness,
    IHostApplicationLifetime lifetime,
    ILogger<TopologyBootstrapper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls made before the silo has joined only fail and retry: wait for the host to be up.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var topology = await grains.GetGrain<ITopologyGrain>(0).Initialize(proposal);
                cache.Set(topology);
                readiness.Ready();
                ServerLog.TopologyReady(logger, topology.DeploymentId, topology.Sets.Count, topology.Sets.Sum(s => s.Disks.Count));
                return;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                readiness.NotReady(error.Message);
                ServerLog.TopologyRetry(logger, error, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), stoppingToken);
            }
        }
    }
}
