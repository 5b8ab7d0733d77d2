namespace Buckets.Storage;

/// <summary>How a <see cref="LocalDisk"/> makes acknowledged writes survive a crash. See architecture/storage.md.</summary>
public enum DurabilityMode
{
    /// <summary>
    /// Group commit (Linux): writers wait for a shared <c>syncfs</c> of the filesystem, issued by one thread per
    /// filesystem for every disk directory on it. One call makes a whole batch durable, so throughput grows with
    /// concurrency instead of being capped by the device's sync rate.
    /// </summary>
    FileSystemSync,

    /// <summary>
    /// Each writer <c>fdatasync</c>s its own file and <c>fsync</c>s the directories it changed. No sharing between
    /// writers beyond what the filesystem journal merges on its own; directories are not synced off Linux.
    /// </summary>
    PerFileSync,
}
