using System.Diagnostics;
using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// 100,000 keys, walked a page of 1,000 at a time: each key exactly once and in order, with and without a
/// delimiter, and a common prefix over all of them costs a seek, not 100,000 steps. Prints the timings that
/// architecture/storage.md reports (run with <c>-showLiveOutput</c> to see them).
/// </summary>
public sealed class IndexScaleTests
{
    private const int Directories = 10_000;
    private const int FilesPerDirectory = 10;
    private const int SummaryBytes = 100;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Paging_through_100_000_keys_returns_each_once_in_order_and_fast()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        var keys = Enumerable.Range(0, Directories * FilesPerDirectory)
            .Select(i => $"photos/{i / FilesPerDirectory:D5}-é/{i % FilesPerDirectory}.jpg")
            .ToArray();
        var sorted = keys.Order(Utf8Order.Instance).ToArray();
        var summary = new byte[SummaryBytes];

        // Production bounds (8,192-key memtables, 64 KiB blocks); keys arrive in random order, so every flushed
        // segment spans the whole key range, as with real traffic.
        using (var disk = LocalDisk.Open(root, Disks.Format(), options: new LocalDiskOptions { Indexer = IndexDocuments.Indexer }))
        {
            var shuffled = keys.ToArray();
            new Random(3).Shuffle(shuffled);
            var stopwatch = Stopwatch.StartNew();
            await disk.SetIndexEntriesForTestsAsync("bucket", shuffled.Select(k => (k, new IndexEntry(false, summary))));
            Report($"populate: {keys.Length:N0} keys in {stopwatch.Elapsed.TotalSeconds:F2} s");

            await WalkAsync(disk, sorted, "live (memtable + segments as the writes left them)");
        }

        using (var disk = LocalDisk.Open(root, Disks.Format(), options: new LocalDiskOptions { Indexer = IndexDocuments.Indexer }))
        {
            await WalkAsync(disk, sorted, "after a clean close and reopen");
        }
    }

    private static async Task WalkAsync(LocalDisk disk, string[] sorted, string label)
    {
        var index = await disk.GetIndexForTestsAsync("bucket");
        var state = index.State;
        Report($"{label}: {state.Segments.Length} segments ({string.Join(", ", state.Segments.Select(s => s.Entries))} records), memtable {state.Active.Count} keys");

        var (keys, pages, total) = await TimedWalkAsync(disk, new IndexQuery(Limit: 1000));
        Assert.Equal(sorted, keys.Select(i => i.Name));
        Assert.All(keys, i => Assert.Equal(SummaryBytes, i.Entry.Summary.Length));
        Report($"  no delimiter: {pages.Count} pages, total {total:F0} ms, page p50 {Percentile(pages, 0.5):F1} ms, p99 {Percentile(pages, 0.99):F1} ms, max {pages.Max():F1} ms");
        Assert.Equal(100, pages.Count);
        Assert.True(Percentile(pages, 0.5) < 250, $"page p50 {Percentile(pages, 0.5):F1} ms");

        var (prefixes, prefixPages, prefixTotal) = await TimedWalkAsync(disk, new IndexQuery(Prefix: "photos/", Delimiter: "/", Limit: 1000));
        Assert.Equal(sorted.Select(k => k[..k.LastIndexOf('/')] + "/").Distinct(), prefixes.Select(i => i.Name));
        Assert.All(prefixes, i => Assert.True(i.IsCommonPrefix));
        Report($"  delimiter '/' under 'photos/': {prefixes.Count:N0} common prefixes in {prefixPages.Count} pages, total {prefixTotal:F0} ms, page p50 {Percentile(prefixPages, 0.5):F1} ms, max {prefixPages.Max():F1} ms");

        var stopwatch = Stopwatch.StartNew();
        var root = await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "/"), Ct);
        Assert.Equal(["photos/"], root.Items.Select(i => i.Name));
        Assert.False(root.IsTruncated);
        Report($"  delimiter '/' at the root: 1 common prefix over {sorted.Length:N0} keys in {stopwatch.Elapsed.TotalMilliseconds:F1} ms, {index.LastListingSteps} merge steps");
        Assert.True(index.LastListingSteps < 50, $"{index.LastListingSteps} steps to roll up one prefix");
    }

    private static async Task<(List<IndexItem> Items, List<double> PageMilliseconds, double TotalMilliseconds)> TimedWalkAsync(LocalDisk disk, IndexQuery query)
    {
        var items = new List<IndexItem>();
        var pages = new List<double>();
        var total = Stopwatch.StartNew();
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            var page = await disk.ListIndexAsync("bucket", query, Ct);
            pages.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            items.AddRange(page.Items);
            if (!page.IsTruncated)
            {
                return (items, pages, total.Elapsed.TotalMilliseconds);
            }

            query = query with { StartAfter = page.Last };
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
