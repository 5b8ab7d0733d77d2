using Buckets.Abstractions;
using Buckets.Grains.Listing;
using Xunit;

namespace Buckets.Grains.Tests.Listing;

/// <summary>The merge of many disks' sorted walks into S3 pages, with quorum, over fake disks.</summary>
public sealed class ListingMergerTests
{
    private const int Quorum = 2;

    private static readonly DateTimeOffset Epoch = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pages_through_two_sets_return_every_key_once_in_utf8_order()
    {
        var (sets, disks) = Sets(2, 4);
        var expected = new List<string>();
        var random = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            var key = $"k{random.Next(100_000):D5}/{(char)('a' + (i % 26))}" + (i % 97 == 0 ? "\uE000" : i % 89 == 0 ? "\U0001F600" : string.Empty);
            if (expected.Contains(key))
            {
                continue;
            }

            expected.Add(key);
            PutOnAll(disks[i % 2], key, Summary(i));
        }

        expected.Sort(Utf8Order.Instance);
        var listed = await WalkAsync(sets, new ListingQuery("", null, null, 250, false));

        Assert.Equal(expected, listed.Select(i => i.Name));
    }

    [Fact]
    public async Task A_key_held_by_fewer_disks_than_a_read_quorum_is_not_listed()
    {
        var (sets, disks) = Sets(1, 4);
        PutOnAll(disks[0], "whole", Summary(1));
        disks[0][3].Put("remnant", Summary(2));

        var listed = await WalkAsync(sets, new ListingQuery("", null, null, 1000, false));

        Assert.Equal(["whole"], listed.Select(i => i.Name));
    }

    [Fact]
    public async Task The_newest_summary_a_quorum_agrees_on_wins()
    {
        var (sets, disks) = Sets(1, 4);
        PutOnAll(disks[0], "key", Summary(1));
        disks[0][0].Put("key", Summary(5));
        disks[0][1].Put("key", Summary(5));
        disks[0][2].Put("key", Summary(9)); // a newer write that missed its quorum

        var listed = await WalkAsync(sets, new ListingQuery("", null, null, 1000, false));

        Assert.Equal(Epoch.AddSeconds(5), ObjectSummaryCodec.Decode(listed.Single().Summary)[0].LastModified);
    }

    [Fact]
    public async Task Common_prefixes_roll_up_and_count_toward_the_page()
    {
        var (sets, disks) = Sets(2, 4);
        foreach (var key in new[] { "a/1", "a/2", "b", "c/x/1", "c/y", "d" })
        {
            PutOnAll(disks[key.Length % 2], key, Summary(key.Length));
        }

        var page = await ListingMerger.MergeAsync(sets, new ListingQuery("", null, "/", 3, false));

        Assert.True(page.IsTruncated);
        Assert.Equal(["a/", "b", "c/"], page.Items.Select(i => i.Name));
        Assert.Equal([true, false, true], page.Items.Select(i => i.IsPrefix));

        var rest = await ListingMerger.MergeAsync(sets, new ListingQuery("", "c/", "/", 3, false));
        Assert.False(rest.IsTruncated);
        Assert.Equal(["d"], rest.Items.Select(i => i.Name));
    }

    [Fact]
    public async Task A_start_after_inside_a_common_prefix_lists_that_prefix_once()
    {
        var (sets, disks) = Sets(2, 4);
        foreach (var key in new[] { "a", "p/1", "p/5", "p/9", "q" })
        {
            PutOnAll(disks[key.Length % 2], key, Summary(key.Length));
        }

        var page = await ListingMerger.MergeAsync(sets, new ListingQuery("", "p/3", "/", 10, false));
        Assert.Equal(["p/", "q"], page.Items.Select(i => i.Name));
        Assert.True(page.Items[0].IsPrefix);

        Assert.Equal(["p/", "q"], (await WalkAsync(sets, new ListingQuery("", "p/3", "/", 1, false))).Select(i => i.Name));
        Assert.Equal(["q"], (await ListingMerger.MergeAsync(sets, new ListingQuery("", "p/9", "/", 10, false))).Items.Select(i => i.Name));
        Assert.Equal(["q"], (await ListingMerger.MergeAsync(sets, new ListingQuery("", "p/", "/", 10, false))).Items.Select(i => i.Name));
    }

    [Fact]
    public async Task A_page_that_ends_exactly_at_the_last_key_is_not_truncated()
    {
        var (sets, disks) = Sets(1, 4);
        PutOnAll(disks[0], "a", Summary(1));
        PutOnAll(disks[0], "b", Summary(2));

        var page = await ListingMerger.MergeAsync(sets, new ListingQuery("", null, null, 2, false));

        Assert.False(page.IsTruncated);
        Assert.Equal(2, page.Items.Count);
    }

    [Fact]
    public async Task Disks_down_up_to_the_parity_count_do_not_stop_a_listing_and_more_do()
    {
        var (sets, disks) = Sets(1, 4);
        PutOnAll(disks[0], "a", Summary(1));
        disks[0][0].Down = true;
        disks[0][1].Down = true;

        var page = await ListingMerger.MergeAsync(sets, new ListingQuery("", null, null, 10, false));
        Assert.Equal(["a"], page.Items.Select(i => i.Name));

        disks[0][2].Down = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(() => ListingMerger.MergeAsync(sets, new ListingQuery("", null, null, 10, false)));
    }

    [Fact]
    public async Task Remnants_in_the_way_make_more_rounds_but_still_fill_the_page()
    {
        var (sets, disks) = Sets(1, 4);
        for (var i = 0; i < 50; i++)
        {
            disks[0][0].Put($"a{i:D2}", Summary(i)); // minority leftovers sort first
        }

        PutOnAll(disks[0], "b1", Summary(1));
        PutOnAll(disks[0], "b2", Summary(2));

        var page = await ListingMerger.MergeAsync(sets, new ListingQuery("", null, null, 1, false));

        Assert.Equal(["b1"], page.Items.Select(i => i.Name));
        Assert.True(page.IsTruncated);
    }

    [Fact]
    public async Task Max_keys_zero_returns_an_empty_untruncated_page()
    {
        var (sets, disks) = Sets(1, 4);
        PutOnAll(disks[0], "a", Summary(1));

        var page = await ListingMerger.MergeAsync(sets, new ListingQuery("", null, null, 0, false));

        Assert.Empty(page.Items);
        Assert.False(page.IsTruncated);
    }

    private static async Task<List<MergedItem>> WalkAsync(IReadOnlyList<ListingSet> sets, ListingQuery query)
    {
        var all = new List<MergedItem>();
        var cursor = query.StartAfter;
        while (true)
        {
            var (items, truncated) = await ListingMerger.MergeAsync(sets, query with { StartAfter = cursor });
            all.AddRange(items);
            if (!truncated)
            {
                return all;
            }

            cursor = items[^1].Name;
        }
    }

    private static (ListingSet[] Sets, FakeListingDisk[][] Disks) Sets(int count, int disksPerSet)
    {
        var disks = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, disksPerSet).Select(_ => new FakeListingDisk()).ToArray()).ToArray();
        var sets = disks.Select(d => new ListingSet(Quorum, d.Select(disk => (Func<ListingQuery, Task<ListingPage>>)disk.ListAsync).ToArray())).ToArray();
        return (sets, disks);
    }

    private static void PutOnAll(FakeListingDisk[] disks, string key, byte[] summary)
    {
        foreach (var disk in disks)
        {
            disk.Put(key, summary);
        }
    }

    private static byte[] Summary(int seconds) =>
        ObjectSummaryCodec.Encode(Epoch.AddSeconds(seconds), [new VersionSummary(null, false, Epoch.AddSeconds(seconds), seconds, $"etag{seconds}")]);
}
