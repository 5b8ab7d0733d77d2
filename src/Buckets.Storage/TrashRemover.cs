namespace Buckets.Storage;

/// <summary>
/// Unlinks replaced documents on a thread of its own, after the document that replaced them is durable. On ext4
/// without a journal and mounted with <c>discard</c> (this project's test machines), freeing a file's blocks issues a
/// synchronous discard: done by the <c>rename(2)</c> that replaces a document, it held the writer's pool thread for
/// 0.2-2.6 ms per disk and left an overwriting PUT waiting on threads rather than on its syncs. The writer links the
/// old document into <c>.buckets/tmp</c> before the rename, so the rename only drops a link, and the last link goes
/// here. A link left behind by a crash is emptied out with the rest of tmp at the next open.
/// </summary>
internal sealed class TrashRemover : IDisposable
{
    // Beyond this many waiting, writers unlink their own trash again: slower, but memory stays bounded.
    private const int MaxPending = 4096;

    private readonly WorkQueue<string> pending = new(MaxPending);
    private readonly Thread thread;

    public TrashRemover(string name)
    {
        thread = new Thread(Run) { IsBackground = true, Name = name };
        thread.Start();
    }

    public void Remove(string file)
    {
        try
        {
            if (pending.TryAdd(file))
            {
                return;
            }
        }
        catch (InvalidOperationException)
        {
            // Disposed while a write was finishing: nobody will take it any more.
        }

        TryDelete(file);
    }

    public void Dispose()
    {
        pending.CompleteAdding();
        thread.Join();
    }

    private void Run()
    {
        while (pending.TryTake(out var file))
        {
            TryDelete(file);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the cleaning of tmp at the next open.
        }
    }
}
