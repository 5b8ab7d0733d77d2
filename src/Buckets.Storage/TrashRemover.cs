using System.Collections.Concurrent;

namespace Buckets.Storage;

/// <summary>
/// Unlinks replaced documents on a thread of its own, after the document that replaced them is durable. On ext4
/// without a journal and mounted with <c>discard</c> (this project's test machines), freeing a file's blocks issues a
/// synchronous discard: done by the <c>rename(2)</c> that replaces a document, it held the writer's pool thread for
/// 0.2-2.6 ms per disk and left an overwriting PUT waiting on threads rather than on its syncs. The writer links the
/// old document into <c>.buckets/tmp</c> before the rename, so the rename only drops a link, and the last link goes
/// here. A link left behind by a crash is emptied out with the rest of tmp at the next open.
/// <para>Small replaced documents are not unlinked at all but kept for the next document write to fill in place
/// (<see cref="TakeRecycled"/>): a PUT of a small object otherwise allocated an inode per disk for its new document and
/// freed one (with its discard) for the old, and on such a filesystem each allocation also scans past every inode freed
/// in the last half minute (<c>recently_deleted</c>). Unlinking was 14 % of the server's CPU at 4 KiB PUTs.</para>
/// <para>Data directories of replaced and deleted objects go the same way (<see cref="RemoveDirectory"/>): removed in
/// the request's own task, every overwrite's 30-second-old data came off the disk in parallel with the writes, and a
/// stream of synchronous discards stalled them (PUT 1 MiB p99 up to 8 s while 10 GiB of replaced data went). One thread
/// per disk removes them one after another, off the thread pool.</para>
/// </summary>
internal sealed class TrashRemover : IDisposable
{
    // Beyond this many waiting, writers unlink their own trash again: slower, but memory stays bounded.
    private const int MaxPending = 4096;

    // A document this small fills one or a few blocks, which its next content reuses; bigger ones are unlinked.
    private const long MaxRecycledLength = 16 * 1024;

    // Each kept file holds a few KiB of disk in tmp until it is reused or the disk is opened again.
    private const int MaxRecycled = 1024;

    private readonly WorkQueue<(string Path, bool Directory)> pending = new(MaxPending);
    private readonly ConcurrentQueue<string> recycled = new();
    private readonly Thread thread;
    private int recycledCount;
    private volatile bool disposed;

    public TrashRemover(string name)
    {
        thread = new Thread(Run) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>
    /// Takes a file of tmp that is no longer any document's (its replacement or removal is durable): kept for reuse
    /// when small, otherwise unlinked on the remover's thread.
    /// </summary>
    public void Remove(string file)
    {
        if (TryRecycle(file))
        {
            return;
        }

        if (!TryQueue(file, directory: false))
        {
            TryDelete(file, directory: false);
        }
    }

    /// <summary>
    /// Takes a directory of tmp that nothing refers to any more (its move there is durable) and removes it with
    /// everything in it on the remover's thread, or at once when too many are waiting.
    /// </summary>
    public void RemoveDirectory(string directory)
    {
        if (!TryQueue(directory, directory: true))
        {
            TryDelete(directory, directory: true);
        }
    }

    /// <summary>The files kept for reuse, as of now.</summary>
    internal IReadOnlyCollection<string> Recycled => recycled.ToArray();

    /// <summary>A file of tmp for a new document to overwrite, now the caller's alone; null when none is kept.</summary>
    public string? TakeRecycled()
    {
        if (!recycled.TryDequeue(out var file))
        {
            return null;
        }

        Interlocked.Decrement(ref recycledCount);
        return file;
    }

    public void Dispose()
    {
        disposed = true;
        pending.CompleteAdding();
        thread.Join();
    }

    private void Run()
    {
        // What is still queued at disposal stays in tmp, which the next open empties: a closing disk does not wait for
        // a backlog of removals.
        while (!disposed && pending.TryTake(out var item))
        {
            TryDelete(item.Path, item.Directory);
        }
    }

    private bool TryQueue(string path, bool directory)
    {
        try
        {
            return pending.TryAdd((path, directory));
        }
        catch (InvalidOperationException)
        {
            // Disposed while a write was finishing: nobody will take it any more.
            return false;
        }
    }

    private bool TryRecycle(string file)
    {
        if (disposed || Volatile.Read(ref recycledCount) >= MaxRecycled)
        {
            return false;
        }

        try
        {
            if (new FileInfo(file).Length > MaxRecycledLength)
            {
                return false;
            }
        }
        catch (IOException)
        {
            return false;
        }

        Interlocked.Increment(ref recycledCount);
        recycled.Enqueue(file);
        return true;
    }

    private static void TryDelete(string path, bool directory)
    {
        try
        {
            if (directory)
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the cleaning of tmp at the next open.
        }
    }
}
