using System.Collections.Concurrent;
using Buckets.Storage;

namespace Buckets.Grains.Disks;

/// <summary>
/// The disks this silo serves, opened at startup before the silo takes calls. DiskStore activations find their
/// disk here; a disk that is not here is not this silo's to serve.
/// </summary>
public sealed class LocalDiskRegistry : IDisposable
{
    private readonly ConcurrentDictionary<Guid, LocalDisk> disks = new();

    public IReadOnlyCollection<LocalDisk> Disks => disks.Values.ToArray();

    public void Add(LocalDisk disk)
    {
        if (!disks.TryAdd(disk.Format.DiskId, disk))
        {
            throw new InvalidOperationException($"Disk {disk.Format.DiskId} ({disk.Root}) is configured twice.");
        }
    }

    public bool TryGet(Guid diskId, out LocalDisk disk) => disks.TryGetValue(diskId, out disk!);

    public void Dispose()
    {
        foreach (var disk in disks.Values)
        {
            disk.Dispose();
        }

        disks.Clear();
    }
}
