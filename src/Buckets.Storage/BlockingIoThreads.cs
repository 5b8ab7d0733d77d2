namespace Buckets.Storage;

/// <summary>
/// A few dedicated threads for file calls that wait on the device: direct writes return only once the device has
/// the data, milliseconds under load instead of the microseconds of a page-cache copy. Run on the thread pool, a
/// burst of them held the threads that Kestrel and the grains need, and the pool adds threads only slowly: 1 MiB
/// PUTs at concurrency 8 ran a third slower than with buffered writes while the server's CPU sat half idle.
/// </summary>
internal sealed class BlockingIoThreads : IDisposable
{
    private readonly WorkQueue<(Func<Task> Work, CancellationToken Cancellation, TaskCompletionSource<Task> Completion)> queue = new();

    public BlockingIoThreads(int count, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        for (var i = 0; i < count; i++)
        {
            new Thread(Run) { IsBackground = true, Name = name }.Start();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on one of the threads; the task completes with the task it returns (its
    /// synchronous part runs on the dedicated thread, what it awaits continues elsewhere). Cancellation is honoured
    /// until the work starts.
    /// </summary>
    public Task RunAsync(Func<Task> work, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled(ct);
        }

        // Asynchronous continuations: the caller's code never runs on (and never blocks) an I/O thread.
        var completion = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            queue.TryAdd((work, ct, completion));
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(BlockingIoThreads));
        }

        return completion.Task.Unwrap();
    }

    /// <summary>Lets the threads finish what was queued, then end.</summary>
    public void Dispose() => queue.CompleteAdding();

    private void Run()
    {
        while (queue.TryTake(out var item))
        {
            if (item.Cancellation.IsCancellationRequested)
            {
                item.Completion.SetCanceled(item.Cancellation);
                continue;
            }

            try
            {
                item.Completion.SetResult(item.Work());
            }
            catch (Exception exception)
            {
                item.Completion.SetException(exception);
            }
        }
    }
}
