namespace Buckets.Storage;

/// <summary>Size and free space of the filesystem holding a disk directory, in bytes.</summary>
public sealed record DiskUsage(long TotalBytes, long FreeBytes);
