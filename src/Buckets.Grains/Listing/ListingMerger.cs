using Buckets.Abstractions;

namespace Buckets.Grains.Listing;

/// <summary>
/// Merges the sorted walks of every disk of every erasure set into one page. A key is listed when a read quorum of
/// its set's disks hold the same summary (the newest such summary wins), so a write that failed its quorum and left
/// a minority behind never shows. Each round asks every disk for what is still missing past a cursor; a round is
/// complete only up to the smallest last name among the disks that had more, and the next round starts there.
/// Memory is bounded by one round: disks × (page size + 1) items.
/// </summary>
public static class ListingMerger
{
    public static async Task<(List<MergedItem> Items, bool IsTruncated)> MergeAsync(IReadOnlyList<ListingSet> sets, ListingQuery query)
    {
        var accepted = new List<MergedItem>();
        if (query.Limit <= 0)
        {
            return (accepted, false);
        }

        var cursor = query.StartAfter;
        while (true)
        {
            // One more than the page needs: finding it is how we know the page is truncated.
            var round = query with { StartAfter = cursor, Limit = query.Limit + 1 - accepted.Count };
            var pages = await FetchAsync(sets, round);
            var bound = Bound(pages);
            foreach (var group in Group(pages, cursor, bound))
            {
                var item = Decide(sets, group);
                if (item is null)
                {
                    continue;
                }

                accepted.Add(item);
                if (accepted.Count > query.Limit)
                {
                    accepted.RemoveAt(accepted.Count - 1);
                    return (accepted, true);
                }
            }

            if (bound is null)
            {
                return (accepted, false);
            }

            cursor = bound;
        }
    }

    private static async Task<ListingPage?[][]> FetchAsync(IReadOnlyList<ListingSet> sets, ListingQuery round)
    {
        var calls = sets.Select(s => s.Disks.Select(disk => Call(disk, round)).ToArray()).ToArray();
        var pages = new ListingPage?[sets.Count][];
        for (var s = 0; s < sets.Count; s++)
        {
            pages[s] = await Task.WhenAll(calls[s]);
            var answered = pages[s].Count(p => p is not null);
            if (answered < sets[s].ReadQuorum)
            {
                throw new StorageUnavailableException(
                    $"Only {answered} of {sets[s].Disks.Count} disks of an erasure set answered the listing; {sets[s].ReadQuorum} are needed.");
            }
        }

        return pages;
    }

    private static async Task<ListingPage?> Call(Func<ListingQuery, Task<ListingPage>> disk, ListingQuery round)
    {
        try
        {
            return await disk(round);
        }
        catch (Exception)
        {
            // A disk that cannot answer is one fewer voter, like in every quorum read.
            return null;
        }
    }

    /// <summary>The last name this round can vouch for: past it, a disk that had more has not spoken yet.</summary>
    private static string? Bound(ListingPage?[][] pages)
    {
        string? bound = null;
        foreach (var page in pages.SelectMany(p => p))
        {
            if (page is { IsTruncated: true, Items.Length: > 0 })
            {
                var last = page.Items[^1].Name;
                if (bound is null || Utf8Order.Compare(last, bound) < 0)
                {
                    bound = last;
                }
            }
        }

        return bound;
    }

    private static IEnumerable<Candidate> Group(ListingPage?[][] pages, string? cursor, string? bound)
    {
        var groups = new SortedDictionary<string, Candidate>(Utf8Order.Instance);
        for (var s = 0; s < pages.Length; s++)
        {
            foreach (var page in pages[s])
            {
                if (page is null)
                {
                    continue;
                }

                foreach (var item in page.Items)
                {
                    if ((cursor is not null && Utf8Order.Compare(item.Name, cursor) <= 0 && !Encloses(item, cursor)) ||
                        (bound is not null && Utf8Order.Compare(item.Name, bound) > 0))
                    {
                        continue;
                    }

                    if (!groups.TryGetValue(item.Name, out var candidate))
                    {
                        groups[item.Name] = candidate = new Candidate(item.Name);
                    }

                    candidate.Votes.Add((s, item));
                }
            }
        }

        return groups.Values;
    }

    /// <summary>
    /// A common prefix that a cursor lies inside sorts before it, yet the disks list it for the keys it holds past the
    /// cursor (as S3 does for a start-after inside a common prefix); one equal to the cursor they skip.
    /// </summary>
    private static bool Encloses(ListingItem item, string cursor) =>
        item.IsPrefix && cursor.Length > item.Name.Length && cursor.StartsWith(item.Name, StringComparison.Ordinal);

    private static MergedItem? Decide(IReadOnlyList<ListingSet> sets, Candidate candidate)
    {
        MergedItem? best = null;
        var bestStamp = long.MinValue;
        foreach (var bySet in candidate.Votes.GroupBy(v => v.Set))
        {
            var quorum = sets[bySet.Key].ReadQuorum;
            if (bySet.Count(v => v.Item.IsPrefix) >= quorum)
            {
                return new MergedItem(candidate.Name, IsPrefix: true, Hidden: false, Summary: null);
            }

            foreach (var agreeing in bySet.Where(v => !v.Item.IsPrefix && v.Item.Summary is not null)
                .GroupBy(v => Convert.ToBase64String(v.Item.Summary!)))
            {
                if (agreeing.Count() < quorum)
                {
                    continue;
                }

                var item = agreeing.First().Item;
                var stamp = ObjectSummaryCodec.Stamp(item.Summary);
                if (stamp > bestStamp)
                {
                    (best, bestStamp) = (new MergedItem(candidate.Name, IsPrefix: false, item.Hidden, item.Summary), stamp);
                }
            }
        }

        return best;
    }

    private sealed class Candidate(string name)
    {
        public string Name { get; } = name;

        public List<(int Set, ListingItem Item)> Votes { get; } = [];
    }
}
