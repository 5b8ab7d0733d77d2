using System.Diagnostics;

namespace Buckets.LoadTest;

/// <summary>Runs workers for a fixed time, each doing one request at a time, and collects every latency.</summary>
public sealed class LoadRunner(LoadOptions options, IObjectClient client)
{
    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        await client.CreateBucketAsync(options.Bucket, cancellationToken);
        var payloads = new Payloads(options.Size, options.Size >= 16 << 20 ? 2 : 8);
        var keys = Enumerable.Range(0, options.Keys).Select(i => $"{options.KeyPrefix}-{options.Size}-{i:D6}").ToArray();
        if (options.Mode is "get" or "mixed")
        {
            // Readers need objects to read: write each key once, with the same concurrency.
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < keys.Length; i = Interlocked.Increment(ref next))
                {
                    await client.PutAsync(options.Bucket, keys[i], payloads.For(keys[i]), cancellationToken);
                }
            }));
        }

        if (options.Warmup > TimeSpan.Zero)
        {
            // Warm-up PUTs go to keys of their own, so the measured run writes the same keys it would without one.
            await RunWorkersAsync(options with { Duration = options.Warmup, KeyPrefix = options.KeyPrefix + "-warmup" }, payloads, keys, cancellationToken);
        }

        var stopwatch = Stopwatch.StartNew();
        var workers = await RunWorkersAsync(options, payloads, keys, cancellationToken);
        var elapsed = stopwatch.Elapsed;
        return LoadResult.From(options, workers, elapsed);
    }

    private async Task<Worker[]> RunWorkersAsync(LoadOptions run, Payloads payloads, string[] keys, CancellationToken cancellationToken)
    {
        var workers = new Worker[run.Concurrency];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(run.Duration);
        var tasks = new Task[workers.Length];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = new Worker(w, run, client, payloads, keys);
            tasks[w] = workers[w].RunAsync(stop.Token);
        }

        await Task.WhenAll(tasks);
        return workers;
    }

    public sealed class Worker(int id, LoadOptions options, IObjectClient client, Payloads payloads, string[] keys)
    {
        public List<double> PutMilliseconds { get; } = [];

        public List<double> GetMilliseconds { get; } = [];

        public long Verified { get; private set; }

        public long Errors { get; private set; }

        public string? FirstError { get; private set; }

        public async Task RunAsync(CancellationToken stop)
        {
            var random = new Random(id);
            var buffer = GC.AllocateUninitializedArray<byte>((int)options.Size);
            var sequence = 0;
            while (!stop.IsCancellationRequested)
            {
                var put = options.Mode == "put" || (options.Mode == "mixed" && random.Next(2) == 0);
                var key = put && options.Mode == "put" ? $"{options.KeyPrefix}-{options.Size}-w{id}-{sequence++ % Math.Max(1, options.Keys)}" : keys[random.Next(keys.Length)];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (put)
                    {
                        await client.PutAsync(options.Bucket, key, payloads.For(key), CancellationToken.None);
                        PutMilliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    else
                    {
                        var read = await client.GetAsync(options.Bucket, key, buffer, CancellationToken.None);
                        GetMilliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        if (random.NextDouble() < options.VerifyFraction)
                        {
                            if (read != options.Size || !buffer.AsSpan().SequenceEqual(payloads.For(key)))
                            {
                                throw new InvalidDataException($"GET {key} returned different bytes ({read} of {options.Size}).");
                            }

                            Verified++;
                        }
                    }
                }
                catch (Exception error) when (error is HttpRequestException or InvalidDataException or Amazon.Runtime.AmazonServiceException or IOException or TaskCanceledException)
                {
                    Errors++;
                    FirstError ??= error.Message;
                }
            }
        }
    }
}
