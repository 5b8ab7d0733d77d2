using System.Collections.Concurrent;
using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// The index against a model (a sorted dictionary in UTF-8 order) under concurrent writers, deleters and listers,
/// with bounds small enough that memtables are flushed and segments compacted all the time, then across a clean
/// close and across a crash.
/// </summary>
public sealed class IndexModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Parts = ["a", "b", "/", "é", "😀", "\uFFFF", "dir/", "x", "0", "1", "2"];

    [Fact]
    public async Task Concurrent_writes_deletes_and_listings_agree_with_a_model_through_flushes_compactions_close_and_crash()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        var options = Disks.Indexed(memtableEntries: 24, blockBytes: 200);
        var random = new Random(11);
        var keys = Enumerable.Range(0, 400).Select(_ => IndexListingTests.RandomKey(random, Parts)).Distinct().ToArray();
        var model = new ConcurrentDictionary<string, IndexEntry>();
        const int writers = 8;

        using (var disk = Disks.OpenIndexed(root, options))
        {
            using var stop = new CancellationTokenSource();
            var listers = Enumerable.Range(0, 3).Select(l => Task.Run(() => ListContinuouslyAsync(disk, l, stop.Token))).ToArray();

            // Each key belongs to one writer, as callers coordinate per object; writers run concurrently.
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var mine = keys.Where((_, i) => i % writers == w).ToArray();
                var r = new Random(w);
                for (var op = 0; op < 250; op++)
                {
                    var key = mine[r.Next(mine.Length)];
                    switch (r.Next(10))
                    {
                        case < 6:
                            var entry = IndexDocuments.Listed($"{key}#{op}");
                            await IndexDocuments.Put(disk, "bucket", key, entry, Ct);
                            model[key] = entry;
                            break;
                        case 6:
                            var hidden = IndexDocuments.Hidden($"marker#{op}");
                            await IndexDocuments.Put(disk, "bucket", key, hidden, Ct);
                            model[key] = hidden;
                            break;
                        case 7:
                            await IndexDocuments.Put(disk, "bucket", key, null, Ct);
                            model.TryRemove(key, out _);
                            break;
                        default:
                            await disk.DeleteObjectAsync("bucket", key, [], Ct);
                            model.TryRemove(key, out _);
                            break;
                    }
                }
            }, Ct)));

            await stop.CancelAsync();
            var checkedPages = await Task.WhenAll(listers);

            // Some 80 memtables were flushed; compaction keeps the segments few.
            var state = (await disk.GetIndexForTestsAsync("bucket")).State;
            Assert.InRange(state.Segments.Length, 1, 6);
            Assert.All(checkedPages, pages => Assert.True(pages > 5, $"a lister checked only {pages} pages"));
            await AssertMatchesAsync(disk, model, random);
        }

        // A clean close flushes everything: nothing to replay.
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, StoragePaths.BucketIndexDirectory("bucket")), "journal-*"));
        using (var disk = Disks.OpenIndexed(root, options))
        {
            await AssertMatchesAsync(disk, model, random);

            // More changes, then a crash: recovered from the journal.
            foreach (var key in keys.Take(60))
            {
                var entry = IndexDocuments.Listed($"{key}#after");
                await IndexDocuments.Put(disk, "bucket", key, entry, Ct);
                model[key] = entry;
            }

            foreach (var key in keys.Skip(60).Take(30))
            {
                await disk.DeleteObjectAsync("bucket", key, [], Ct);
                model.TryRemove(key, out _);
            }

            disk.Abandon();
        }

        using (var disk = Disks.OpenIndexed(root, options))
        {
            await AssertMatchesAsync(disk, model, random);
        }
    }

    private static async Task AssertMatchesAsync(LocalDisk disk, IDictionary<string, IndexEntry> model, Random random)
    {
        var sorted = new SortedDictionary<string, IndexEntry>(model, Utf8Order.Instance);
        var all = await ReferenceListing.WalkAsync(q => disk.ListIndexAsync("bucket", q, Ct), new IndexQuery(Limit: 37, IncludeHidden: true));
        Assert.Equal(sorted.Select(p => new IndexItem(p.Key, false, p.Value)), all);

        for (var i = 0; i < 100; i++)
        {
            var query = new IndexQuery(
                Prefix: random.Next(2) == 0 ? "" : Parts[random.Next(Parts.Length)],
                StartAfter: random.Next(2) == 0 ? null : IndexListingTests.RandomKey(random, Parts),
                Delimiter: random.Next(2) == 0 ? null : "/",
                Limit: random.Next(1, 50),
                IncludeHidden: random.Next(2) == 0);
            var expected = ReferenceListing.List(sorted, query);
            var actual = await disk.ListIndexAsync("bucket", query, Ct);
            Assert.Equal(expected.Items, actual.Items);
            Assert.Equal(expected.IsTruncated, actual.IsTruncated);
        }
    }

    /// <summary>While writers run, every walk must be strictly increasing: no key twice, none out of order.</summary>
    private static async Task<int> ListContinuouslyAsync(LocalDisk disk, int lister, CancellationToken stop)
    {
        var pages = 0;
        while (!stop.IsCancellationRequested)
        {
            var query = new IndexQuery(Limit: 10 + lister * 7, Delimiter: lister == 2 ? "/" : null, IncludeHidden: lister == 1);
            string? previous = null;
            while (true)
            {
                var page = await disk.ListIndexAsync("bucket", query, Ct);
                pages++;
                foreach (var item in page.Items)
                {
                    Assert.True(previous is null || Utf8Order.Instance.Compare(previous, item.Name) < 0, $"'{item.Name}' came after '{previous}' (lister {lister}, query {query}, page [{string.Join(" | ", page.Items.Select(i => i.Name))}])");
                    previous = item.Name;
                }

                if (!page.IsTruncated)
                {
                    break;
                }

                query = query with { StartAfter = page.Last };
            }
        }

        return pages;
    }
}
