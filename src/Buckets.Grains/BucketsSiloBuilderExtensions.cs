using Buckets.Grains.Disks;
using Buckets.Grains.Multipart;
using Buckets.Grains.Placement;
using Buckets.Grains.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace Buckets.Grains;

public static class BucketsSiloBuilderExtensions
{
    /// <summary>
    /// Registers the storage grains' services on a silo: the disk placement director, the registry of the disks
    /// this silo serves (filled before the silo starts), the topology cache and the disk grain references.
    /// </summary>
    public static ISiloBuilder AddBucketsGrains(this ISiloBuilder builder, LocalDiskRegistry disks)
    {
        builder.Services.TryAddSingleton(disks);
        builder.Services.TryAddSingleton<TopologyCache>();
        builder.Services.TryAddSingleton<DiskGrains>();
        builder.Services.AddPlacementDirector<DiskPlacement, DiskPlacementDirector>();
        builder.Services.AddOptions<MultipartOptions>();
        builder.Services.AddHostedService<AbandonedUploadCleaner>();
        return builder;
    }
}
