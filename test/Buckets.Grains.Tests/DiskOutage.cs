namespace Buckets.Grains.Tests;

/// <summary>
/// Disk directories gone from their paths, as if deleted: every file operation of the silo that serves them fails or
/// finds nothing, exactly as after <c>rm -rf</c>. Disposing puts them back as they were (the directories were only
/// moved aside), so the next test finds the cluster whole.
/// </summary>
public sealed class DiskOutage : IDisposable
{
    private readonly IReadOnlyList<TestDisk> disks;

    internal DiskOutage(IReadOnlyList<TestDisk> disks)
    {
        this.disks = disks;
        foreach (var disk in disks)
        {
            Directory.Move(disk.Root, disk.RemovedPath);
        }
    }

    public void Dispose()
    {
        foreach (var disk in disks.Where(d => d.IsRemoved))
        {
            Directory.Move(disk.RemovedPath, disk.Root);
        }
    }
}
