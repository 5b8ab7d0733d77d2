using System.Diagnostics;

namespace Buckets.Storage;

/// <summary>
/// Group commit for one filesystem. A caller asks for "a sync that starts after now" and waits; one dedicated
/// thread runs <c>syncfs</c> and completes, with that single call, every caller that asked before it began.
/// Callers arriving while a sync runs form the next batch, so under load each sync serves everyone who came during
/// the previous one and the batch grows with concurrency by itself (no timer, no batch size to tune).
/// </summary>
/// <remarks>
/// <para>One barrier is shared by every disk directory on the same device (<see cref="Acquire"/>): a <c>syncfs</c>
/// flushes the whole filesystem anyway, so a barrier per directory would only issue redundant syncs.</para>
/// <para>The sync runs on its own thread because it blocks (0.1 ms idle, milliseconds under load), which must hold neither a
/// grain turn nor a pool thread. One thread, one sync in flight: letting a second batch start while a sync runs
/// (2 or 4 threads) or giving each disk its own thread was measured and only made batches smaller and syncs more
/// numerous for no throughput (architecture/storage.md).</para>
/// </remarks>
internal sealed class FileSystemSyncBarrier
{
    private static readonly Dictionary<ulong, FileSystemSyncBarrier> SharedByDevice = [];

    // A plain monitor, not System.Threading.Lock: the sync thread sleeps on it with Monitor.Wait.
    private readonly object gate = new();
    private readonly int directoryFd;
    private readonly ulong? device;
    private TaskCompletionSource nextBatch = NewBatch();
    private bool requested;
    private bool stopping;
    private int users = 1;
    private long syncs;
    private long requests;

    private FileSystemSyncBarrier(string directory, ulong? device)
    {
        this.device = device;
        directoryFd = LinuxFileSystem.OpenDirectory(directory);
        new Thread(Run)
        {
            IsBackground = true,
            Name = device is { } d ? $"Buckets syncfs {d >> 32}:{d & uint.MaxValue}" : "Buckets syncfs",
        }.Start();
    }

    /// <summary>Number of <c>syncfs</c> calls made so far.</summary>
    public long Syncs => Interlocked.Read(ref syncs);

    /// <summary>Number of <see cref="SyncAsync"/> calls so far; divided by <see cref="Syncs"/>, the mean batch size.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>
    /// The barrier of the filesystem holding <paramref name="directory"/> (a new one when <paramref name="share"/> is
    /// false); give it back with <see cref="Release"/>.
    /// </summary>
    public static FileSystemSyncBarrier Acquire(string directory, bool share = true)
    {
        var device = share ? LinuxFileSystem.DeviceOf(directory) : null;
        lock (SharedByDevice)
        {
            if (device is { } key && SharedByDevice.TryGetValue(key, out var existing))
            {
                existing.users++;
                return existing;
            }

            var barrier = new FileSystemSyncBarrier(directory, device);
            if (device is { } newKey)
            {
                SharedByDevice[newKey] = barrier;
            }

            return barrier;
        }
    }

    public void Release()
    {
        lock (SharedByDevice)
        {
            if (--users > 0)
            {
                return;
            }

            if (device is { } key)
            {
                SharedByDevice.Remove(key);
            }
        }

        lock (gate)
        {
            stopping = true;
            Monitor.Pulse(gate);
        }
    }

    /// <summary>Completes after a sync that began after this call; faults if that sync reported an error.</summary>
    public Task SyncAsync()
    {
        StorageMetrics.SyncRequests.Add(1);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopping, this);
            Interlocked.Increment(ref requests);
            if (!requested)
            {
                // Wakes the sync thread if it sleeps; if it is syncing, it looks for requests before sleeping again.
                requested = true;
                Monitor.Pulse(gate);
            }

            return nextBatch.Task;
        }
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                TaskCompletionSource batch;
                lock (gate)
                {
                    // Requests already made are served even when stopping: their writers are waiting.
                    while (!requested)
                    {
                        if (stopping)
                        {
                            return;
                        }

                        Monitor.Wait(gate);
                    }

                    batch = nextBatch;
                    nextBatch = NewBatch();
                    requested = false;
                }

                try
                {
                    var started = Stopwatch.GetTimestamp();
                    LinuxFileSystem.SyncFileSystem(directoryFd);
                    StorageMetrics.SyncDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                    StorageMetrics.Syncs.Add(1);
                    Interlocked.Increment(ref syncs);
                    batch.SetResult();
                }
                catch (Exception e)
                {
                    // A failed sync may have dropped dirty pages: nobody in this batch may be told "durable".
                    batch.SetException(e);
                }
            }
        }
        finally
        {
            LinuxFileSystem.Close(directoryFd);
        }
    }

    // Continuations must not run on the sync thread: the next batch would wait for them.
    private static TaskCompletionSource NewBatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
