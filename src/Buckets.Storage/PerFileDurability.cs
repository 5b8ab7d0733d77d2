using Microsoft.Win32.SafeHandles;

namespace Buckets.Storage;

/// <summary>
/// Each caller syncs exactly what it changed, on its own (thread-pool) thread. Kept as the portable path and as
/// the baseline group commit is measured against.
/// </summary>
internal sealed class PerFileDurability : IDurability
{
    public bool CoversEverything => false;

    public ValueTask MakeDurableAsync(SafeFileHandle? file, IReadOnlyList<string> directories)
    {
        if (file is not null)
        {
            if (LinuxFileSystem.IsAvailable)
            {
                LinuxFileSystem.SyncFileData(file);
            }
            else
            {
                RandomAccess.FlushToDisk(file);
            }
        }

        if (LinuxFileSystem.IsAvailable)
        {
            foreach (var directory in directories.Distinct(StringComparer.Ordinal))
            {
                try
                {
                    LinuxFileSystem.SyncDirectory(directory);
                }
                catch (IOException) when (!Directory.Exists(directory))
                {
                    // Removed meanwhile by a delete, whose own sync of the parent covers it.
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
    }
}
