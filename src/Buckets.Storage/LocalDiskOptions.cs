namespace Buckets.Storage;

/// <summary>Settings of a <see cref="LocalDisk"/>; the defaults are what production should use.</summary>
public sealed record LocalDiskOptions
{
    public static readonly LocalDiskOptions Default = new();

    /// <summary>Group commit by <c>syncfs</c> on Linux (measured fastest, architecture/storage.md), per-file syncs elsewhere.</summary>
    public DurabilityMode Durability { get; init; } = OperatingSystem.IsLinux() ? DurabilityMode.FileSystemSync : DurabilityMode.PerFileSync;

    /// <summary>
    /// Whether disks on one filesystem share one sync thread. Always true in production (a syncfs covers them all);
    /// false only to measure what sharing buys.
    /// </summary>
    internal bool ShareSyncBetweenDisks { get; init; } = true;

    internal void Validate()
    {
        if (!Enum.IsDefined(Durability))
        {
            throw new ArgumentException($"Unknown durability mode {Durability}.", nameof(Durability));
        }

        if (Durability == DurabilityMode.FileSystemSync && !LinuxFileSystem.IsAvailable)
        {
            throw new PlatformNotSupportedException($"{nameof(DurabilityMode.FileSystemSync)} needs Linux (syncfs); use {nameof(DurabilityMode.PerFileSync)}.");
        }
    }
}
