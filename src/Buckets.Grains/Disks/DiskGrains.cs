using System.Collections.Concurrent;
using Buckets.Abstractions;

namespace Buckets.Grains.Disks;

/// <summary>
/// This silo's reference to each disk's DiskStore grain, made once per disk. <see cref="IGrainFactory"/>.GetGrain
/// resolves the grain interface by reading its attributes on every call, and a small PUT makes four to eight disk
/// calls. One instance per silo: a reference belongs to the runtime that made it.
/// </summary>
public sealed class DiskGrains(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<(Guid DiskId, string Endpoint), IDiskStoreGrain> references = new();

    public IDiskStoreGrain Get(DiskInfo disk) =>
        references.TryGetValue((disk.DiskId, disk.Endpoint), out var reference)
            ? reference
            : references.GetOrAdd((disk.DiskId, disk.Endpoint), static (_, state) => state.grains.GetGrain<IDiskStoreGrain>(state.disk.GrainKey), (grains, disk));
}
