using Microsoft.Win32.SafeHandles;

namespace Buckets.Storage;

/// <summary>
/// Durability through the shared <see cref="FileSystemSyncBarrier"/> of the disk's filesystem: one <c>syncfs</c>
/// covers the file, the directories and everything else written before it, so the arguments need no looking at.
/// </summary>
internal sealed class FileSystemDurability(FileSystemSyncBarrier barrier) : IDurability
{
    private int disposed;

    public FileSystemSyncBarrier Barrier => barrier;

    public bool CoversEverything => true;

    public ValueTask MakeDurableAsync(SafeFileHandle? file, IReadOnlyList<string> directories) => new(barrier.SyncAsync());

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            barrier.Release();
        }
    }
}
