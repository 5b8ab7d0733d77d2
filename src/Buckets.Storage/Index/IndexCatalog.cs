namespace Buckets.Storage;

/// <summary>
/// The bucket indexes of one disk, each opened at its bucket's first use (recovery or a rebuild start there, not
/// at disk open: a disk may hold many buckets).
/// </summary>
internal sealed class IndexCatalog(LocalDisk disk)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Task<BucketIndex>> indexes = new(StringComparer.Ordinal);
    private bool closed;

    public Task<BucketIndex> GetAsync(string bucket)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closed, disk);

            // A failed open (an I/O error) is tried again by the next caller.
            if (!indexes.TryGetValue(bucket, out var index) || index.IsFaulted || index.IsCanceled)
            {
                indexes[bucket] = index = Task.Run(() => BucketIndex.Open(disk, bucket));
            }

            return index;
        }
    }

    /// <summary>Forgets a bucket's index (its bucket is being deleted) and lets go of its files without flushing.</summary>
    public async Task RemoveAsync(string bucket)
    {
        Task<BucketIndex>? index;
        lock (gate)
        {
            indexes.Remove(bucket, out index);
        }

        if (index is not null)
        {
            try
            {
                (await index.ConfigureAwait(false)).Close(flush: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // It never opened: nothing to let go of.
            }
        }
    }

    /// <summary>Closes every index; with <paramref name="flush"/> (a clean close) their memtables go to segments first.</summary>
    public void Close(bool flush)
    {
        Task<BucketIndex>[] all;
        lock (gate)
        {
            closed = true;
            all = [.. indexes.Values];
            indexes.Clear();
        }

        foreach (var task in all)
        {
            BucketIndex index;
            try
            {
                index = task.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // Never opened: nothing to close. The caller of the failed open got the error.
                continue;
            }

            if (flush)
            {
                index.Close(flush: true);
            }
            else
            {
                index.Abandon();
            }
        }
    }
}
