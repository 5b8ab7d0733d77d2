using Buckets.Abstractions;
using Buckets.Grains.Disks;
using Buckets.Grains.Listing;
using Buckets.Storage;

namespace Buckets.Server;

/// <summary>
/// Opens this server's disk directories before the silo starts, formatting empty ones into the deployment the
/// formatted ones belong to, and describes them as the topology this server proposes.
/// </summary>
public static class DiskBootstrap
{
    public static (LocalDiskRegistry Disks, TopologySnapshot Proposal) Open(ServerOptions options, string endpoint)
    {
        var roots = options.DataDirs.Select(Path.GetFullPath).ToArray();
        var formatted = roots.Where(r => File.Exists(Path.Combine(r, StoragePaths.FormatFile))).ToArray();
        var registry = new LocalDiskRegistry();
        var diskOptions = ObjectIndexer.DiskOptions with { DirectShardWrites = options.DirectShardWrites };
        try
        {
            // Formatted disks name the deployment; fresh ones join it (or start a new one when all are fresh).
            var opened = new LocalDisk?[roots.Length];
            for (var i = 0; i < roots.Length; i++)
            {
                if (formatted.Contains(roots[i]))
                {
                    opened[i] = LocalDisk.Open(roots[i], Expected(Guid.Empty, i, options), formatIfEmpty: false, diskOptions);
                }
            }

            var deployments = opened.Where(d => d is not null).Select(d => d!.Format.DeploymentId).Distinct().ToArray();
            if (deployments.Length > 1)
            {
                throw new DiskFormatException(
                    $"The disks belong to different deployments ({string.Join(", ", deployments)}); each server serves one.");
            }

            var deployment = deployments.Length == 1 ? deployments[0] : Guid.NewGuid();
            for (var i = 0; i < roots.Length; i++)
            {
                opened[i] ??= LocalDisk.Open(roots[i], Expected(deployment, i, options), formatIfEmpty: true, diskOptions);
                registry.Add(opened[i]!);
            }

            var disks = opened.Select((d, i) => new DiskInfo(i, d!.Format.DiskId, endpoint, d.Root)).ToArray();
            var set = new ErasureSetInfo(0, options.DataShards, options.ParityShards, options.BlockSize, disks);
            return (registry, new TopologySnapshot(deployment, 1, [set]));
        }
        catch
        {
            registry.Dispose();
            throw;
        }
    }

    private static DiskFormat Expected(Guid deployment, int index, ServerOptions options) =>
        new(DiskFormat.CurrentVersion, deployment, 0, index, Guid.Empty, options.DataShards, options.ParityShards);
}
