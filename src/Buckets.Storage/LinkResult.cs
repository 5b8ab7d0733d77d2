namespace Buckets.Storage;

/// <summary>What <see cref="LinuxFileSystem.TryLink"/> did.</summary>
internal enum LinkResult
{
    Linked,
    Missing,
    Failed,
}
