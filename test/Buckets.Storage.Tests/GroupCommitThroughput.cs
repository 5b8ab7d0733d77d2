using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// The measurement behind architecture/storage.md, not a check: small PUTs against four disk directories on one
/// filesystem, as the single-node server lays them out, in each durability mode at concurrency 1, 16 and 64; every
/// metadata write carries a 100-byte key index entry (one mode leaves the index out, to show what it costs).
/// Explicit, so it runs only when asked:
/// <c>test/Buckets.Storage.Tests/bin/Release/net10.0/Buckets.Storage.Tests -class Buckets.Storage.Tests.GroupCommitThroughput -explicit only -showLiveOutput</c>
/// Environment: <c>BUCKETS_BENCH_SECONDS</c> (per cell, default 2), <c>BUCKETS_BENCH_ROUNDS</c> (default 3; the
/// median round is reported), <c>BUCKETS_BENCH_ONLY</c> (a substring of "put/mode/concurrency"),
/// <c>BUCKETS_BENCH_SKIP</c> (comma-separated substrings to leave out), <c>BUCKETS_BENCH_DIR</c> (where to measure), <c>BUCKETS_BENCH_OUTPUT</c> (a file to append the table to).
/// </summary>
public sealed class GroupCommitThroughput
{
    private const int Disks = 4;
    private const int MetadataBytes = 600;
    private const int ShardBytes = 4096;

    // What the layer above is expected to put in an index entry: size, ETag, modification time, a version or two.
    private const int SummaryBytes = 100;

    private static readonly (string Name, LocalDiskOptions Options)[] Modes =
    [
        ("syncfs, one sync thread for the 4 disks", new LocalDiskOptions { Durability = DurabilityMode.FileSystemSync }),
        ("syncfs, one sync thread per disk", new LocalDiskOptions { Durability = DurabilityMode.FileSystemSync, ShareSyncBetweenDisks = false }),
        ("per-file fdatasync + dir fsync", new LocalDiskOptions { Durability = DurabilityMode.PerFileSync }),
        ("syncfs, one sync thread for the 4 disks, no key index", new LocalDiskOptions { Durability = DurabilityMode.FileSystemSync, MaintainIndex = false }),
    ];

    private enum Put
    {
        MetadataOnly,
        FlushedShardThenMetadata,
        ShardThenMetadata,
    }

    [Fact(Explicit = true)]
    public async Task Small_puts_per_second_by_durability_mode_and_concurrency()
    {
        var seconds = double.Parse(Environment.GetEnvironmentVariable("BUCKETS_BENCH_SECONDS") ?? "2", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Environment.GetEnvironmentVariable("BUCKETS_BENCH_ROUNDS") ?? "3", CultureInfo.InvariantCulture);
        var only = Environment.GetEnvironmentVariable("BUCKETS_BENCH_ONLY");
        var skip = Environment.GetEnvironmentVariable("BUCKETS_BENCH_SKIP")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var cells = (
            from put in Enum.GetValues<Put>()
            from mode in Modes
            from concurrency in new[] { 1, 16, 64 }
            let name = $"{put}/{mode.Name}/{concurrency}"
            where (only is not { Length: > 0 } || name.Contains(only, StringComparison.Ordinal)) && !skip.Any(s => name.Contains(s, StringComparison.Ordinal))
            select (Put: put, Mode: mode, Concurrency: concurrency)).ToArray();

        // Nothing is deleted until the end: on an ext4 without a journal (this machine), allocating inodes soon
        // after many were freed costs extra kernel time (recently_deleted), which would bias every later cell.
        var benchRoot = Path.Combine(Environment.GetEnvironmentVariable("BUCKETS_BENCH_DIR") ?? Path.GetTempPath(), "buckets-bench-" + Guid.NewGuid().ToString("N"));
        var results = cells.Select(_ => new List<Result>()).ToArray();
        try
        {
            // Warm up the JIT and the thread pool so the first cell measures the disk, not the runtime.
            _ = await RunAsync(Path.Combine(benchRoot, "warm-up"), Modes[0].Options, 16, Put.FlushedShardThenMetadata, TimeSpan.FromSeconds(1));

            // Rounds go over every cell in turn, so a noisy neighbour spreads over all cells instead of a few.
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < cells.Length; i++)
                {
                    var (put, (_, options), concurrency) = cells[i];
                    results[i].Add(await RunAsync(Path.Combine(benchRoot, Guid.NewGuid().ToString("N")), options, concurrency, put, TimeSpan.FromSeconds(seconds)));
                }
            }
        }
        finally
        {
            Directory.Delete(benchRoot, recursive: true);
        }

        var report = new StringBuilder();
        report.AppendLine($"{Disks} disk dirs on one filesystem; a PUT = on every disk in parallel [a {ShardBytes} B shard stream, then] a {MetadataBytes} B metadata write;");
        report.AppendLine($"{seconds} s per cell, median of {rounds} rounds (min-max PUT/s in brackets); CPU = whole process CPU time / PUTs");
        report.AppendLine();
        report.AppendLine("| PUT | durability | concurrency | PUT/s | durable writes/s | p50 ms | p99 ms | CPU µs per PUT | syncfs/s | writes per syncfs |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < cells.Length; i++)
        {
            var (put, (name, _), concurrency) = cells[i];
            var sorted = results[i].OrderBy(r => r.PutsPerSecond).ToArray();
            var r = sorted[sorted.Length / 2];
            var writesPerPut = put == Put.MetadataOnly ? Disks : 2 * Disks;
            report.AppendLine(
                $"| {Describe(put)} | {name} | {concurrency} | {r.PutsPerSecond:N0} ({sorted[0].PutsPerSecond:N0}-{sorted[^1].PutsPerSecond:N0}) | {r.PutsPerSecond * writesPerPut:N0} | {r.P50:F1} | {r.P99:F1} | {r.CpuMicrosecondsPerPut:N0} | "
                + (r.Syncs > 0 ? $"{r.Syncs / r.Seconds:N0} | {r.PutsPerSecond * writesPerPut * r.Seconds / r.Syncs:F1} |" : "- | - |"));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        if (Environment.GetEnvironmentVariable("BUCKETS_BENCH_OUTPUT") is { Length: > 0 } output)
        {
            await File.AppendAllTextAsync(output, report.ToString(), TestContext.Current.CancellationToken);
        }
    }

    private static string Describe(Put put) => put switch
    {
        Put.MetadataOnly => "meta only",
        Put.FlushedShardThenMetadata => "shard (flush) + meta",
        _ => "shard (no flush) + meta",
    };

    private static async Task<Result> RunAsync(string parent, LocalDiskOptions options, int concurrency, Put put, TimeSpan duration)
    {
        var disks = Enumerable.Range(0, Disks)
            .Select(i => LocalDisk.Open(Path.Combine(parent, $"disk{i}"), Tests.Disks.Format(disk: i), options: options))
            .ToArray();
        try
        {
            var metadata = new byte[MetadataBytes];
            var shard = new byte[ShardBytes];
            var entry = new IndexEntry(Hidden: false, new byte[SummaryBytes]);
            Random.Shared.NextBytes(metadata);
            Random.Shared.NextBytes(shard);
            var barriers = disks.Select(d => d.Barrier).OfType<FileSystemSyncBarrier>().Distinct().ToArray();
            var syncsBefore = barriers.Sum(b => b.Syncs);
            var latencies = new List<double>[concurrency];
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var next = 0;

            async Task WorkerAsync(int worker)
            {
                var mine = latencies[worker] = [];
                while (stopwatch.Elapsed < duration)
                {
                    var key = $"object-{Interlocked.Increment(ref next)}";
                    var dataDir = Guid.NewGuid();
                    var start = Stopwatch.GetTimestamp();
                    await Task.WhenAll(disks.Select(async disk =>
                    {
                        if (put != Put.MetadataOnly)
                        {
                            await disk.WriteShardAsync("bench", key, dataDir, 0, shard, flush: put == Put.FlushedShardThenMetadata);
                        }

                        await disk.WriteObjectMetadataAsync("bench", key, metadata, entry);
                    }));
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }

            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(() => WorkerAsync(w))));
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new Result(
                all.Length / seconds,
                all[all.Length / 2],
                all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))],
                barriers.Sum(b => b.Syncs) - syncsBefore,
                seconds,
                cpu.TotalMicroseconds / all.Length);
        }
        finally
        {
            foreach (var disk in disks)
            {
                disk.Dispose();
            }
        }
    }

    private sealed record Result(double PutsPerSecond, double P50, double P99, long Syncs, double Seconds, double CpuMicrosecondsPerPut);
}
