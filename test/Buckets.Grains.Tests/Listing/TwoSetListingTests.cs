using System.Collections.Concurrent;
using Buckets.Abstractions;
using Buckets.Grains.Listing;
using Buckets.Grains.Topology;
using Xunit;

namespace Buckets.Grains.Tests.Listing;

/// <summary>
/// Listing a bucket whose keys the ring spread over two erasure sets: the merge of eight disks' indexes lists every
/// key once, in UTF-8 order, with what its metadata write left in the index, as long as every set has a read quorum.
/// </summary>
[Collection(TwoSetCollection.Name)]
public sealed class TwoSetListingTests(TwoSetCluster cluster)
{
    private const int PageSize = 97;
    private const int Writers = 16;

    /// <summary>Where UTF-8 order and UTF-16 ordinal order disagree: U+E000 sorts before U+1F600 in UTF-8 only.</summary>
    private static readonly string[] Markers = ["", "~", "\u00E9", "\uE000", "\U0001F600"];

    private readonly ObjectClient objects = new(cluster.Grains);
    private readonly TopologyView ring = new(cluster.Topology);

    [Fact]
    public async Task Pages_over_two_sets_list_every_key_once_in_utf8_order_with_its_size_and_etag()
    {
        var bucket = await cluster.NewBucketAsync("two-sets");
        var setOf = SetsOf(bucket);
        var keys = Enumerable.Range(0, 2000).Select(KeyOf).ToArray();
        // A few objects of several blocks on each set, streamed rather than inline.
        var streamed = keys.GroupBy(setOf).SelectMany(g => g.Take(3)).ToHashSet(StringComparer.Ordinal);
        var written = await PutAllAsync(bucket, keys, k => streamed.Contains(k));

        Assert.Equal(2, keys.Select(setOf).Distinct().Count());
        Assert.All(keys.GroupBy(setOf), set => Assert.True(set.Count() > keys.Length / 4, $"set {set.Key} got only {set.Count()} keys"));
        Assert.All(keys, k => Assert.Equal(ring.Locate(bucket, k).Index, written[k].SetIndex));
        Assert.All(streamed, k => Assert.False(written[k].Inline));
        Assert.All(streamed.GroupBy(setOf), set => Assert.Equal(3, set.Count()));

        // Each disk indexes exactly the keys of its own set.
        foreach (var disk in cluster.Disks)
        {
            var indexed = await ListingWalk.DiskAsync(cluster.Grains, disk, bucket);
            Assert.Equal(keys.Where(k => setOf(k) == disk.Set).Order(Utf8Order.Instance), indexed.Select(i => i.Name));
        }

        var expected = ListingWalk.Expected(keys, "", null);
        Assert.NotEqual(expected, expected.Order(StringComparer.Ordinal));
        var listed = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, null, PageSize, false));
        Assert.Equal(expected, listed.Select(e => e.Name));
        Assert.All(listed, entry =>
        {
            Assert.False(entry.IsPrefix);
            var version = Assert.Single(entry.Versions);
            var put = written[entry.Name];
            Assert.Null(version.VersionId);
            Assert.False(version.IsDeleteMarker);
            Assert.Equal(put.Size, version.Size);
            Assert.Equal(put.ETag, version.ETag);
            Assert.Equal(put.LastModified, version.LastModified);
        });

        var rolled = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, "/", PageSize, false));
        Assert.Equal(ListingWalk.Expected(keys, "", "/"), rolled.Select(e => e.Name));
        Assert.All(rolled, e => Assert.Equal(e.Name.EndsWith('/'), e.IsPrefix));
        Assert.All(rolled.Where(e => e.IsPrefix), e => Assert.Empty(e.Versions));
        Assert.All(rolled.Where(e => !e.IsPrefix), e => Assert.Equal(written[e.Name].ETag, Assert.Single(e.Versions).ETag));

        foreach (var prefix in new[] { "d07/", "d\uE000/", "d\U0001F600/" })
        {
            var nested = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery(prefix, null, "/", 5, false));
            Assert.Equal(ListingWalk.Expected(keys, prefix, "/"), nested.Select(e => e.Name));
        }
    }

    [Fact]
    public async Task Two_disks_of_a_set_gone_still_list_everything_and_a_third_fails_the_listing()
    {
        var bucket = await cluster.NewBucketAsync("two-sets-degraded");
        var setOf = SetsOf(bucket);
        var keys = Enumerable.Range(0, 300).Select(KeyOf).ToArray();
        await PutAllAsync(bucket, keys, _ => false);
        Assert.Equal(2, keys.Select(setOf).Distinct().Count());
        var expected = ListingWalk.Expected(keys, "", null);
        var expectedRolled = ListingWalk.Expected(keys, "", "/");

        TestDisk[][] degradations =
        [
            [Disk(0, 0), Disk(0, 3)],
            [Disk(1, 0), Disk(1, 1)],
            [Disk(0, 1), Disk(0, 2), Disk(1, 2), Disk(1, 3)],
        ];
        foreach (var gone in degradations)
        {
            using (cluster.RemoveDisks(gone))
            {
                var listed = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, null, PageSize, false));
                Assert.Equal(expected, listed.Select(e => e.Name));
                var rolled = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, "/", PageSize, false));
                Assert.Equal(expectedRolled, rolled.Select(e => e.Name));
            }
        }

        var listing = cluster.Grains.GetGrain<IObjectListingGrain>(bucket);
        for (var set = 0; set < cluster.SetCount; set++)
        {
            using (cluster.RemoveDisks(cluster.SetDisks(set).Take(ClusterFixture.ParityShards + 1).ToArray()))
            {
                // The other set could answer alone, but a page without this set's keys would be a wrong page.
                await Assert.ThrowsAsync<StorageUnavailableException>(() => listing.List(new ListingQuery("", null, null, PageSize, false)));
                await Assert.ThrowsAsync<StorageUnavailableException>(() => listing.List(new ListingQuery("", expected[150], "/", PageSize, false)));
                var keyOfOtherSet = keys.First(k => setOf(k) != set);
                await Assert.ThrowsAsync<StorageUnavailableException>(() => listing.List(new ListingQuery(keyOfOtherSet, null, null, PageSize, false)));
            }
        }

        var healed = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, null, PageSize, false));
        Assert.Equal(expected, healed.Select(e => e.Name));
    }

    [Fact]
    public async Task An_overwrite_replaces_and_a_delete_removes_the_index_entry_on_either_set()
    {
        var bucket = await cluster.NewBucketAsync("two-sets-change");
        var setOf = SetsOf(bucket);
        var keys = Enumerable.Range(0, 40).Select(i => $"k{i:D2}").ToArray();
        var bySet = keys.GroupBy(setOf).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        Assert.Equal(cluster.SetCount, bySet.Length);
        Assert.All(bySet, set => Assert.True(set.Length >= 6));

        // Per set: two keys that change from inline to streamed and back, two deleted (one of each kind), two left for later.
        var changes = bySet.Select(set => (ToStreamed: set[0], ToInline: set[1], DeleteInline: set[2], DeleteStreamed: set[3])).ToArray();
        var startsStreamed = changes.SelectMany(c => new[] { c.ToInline, c.DeleteStreamed }).ToHashSet(StringComparer.Ordinal);
        var current = new Dictionary<string, ObjectVersion>(await PutAllAsync(bucket, keys, startsStreamed.Contains), StringComparer.Ordinal);
        await AssertListsAsync(bucket, current);

        foreach (var (toStreamed, toInline, deleteInline, deleteStreamed) in changes)
        {
            current[toStreamed] = await objects.PutAsync(bucket, toStreamed, Content(toStreamed, streamed: true, generation: 1));
            current[toInline] = await objects.PutAsync(bucket, toInline, Content(toInline, streamed: false, generation: 1));
            Assert.True((await objects.Registry(bucket, deleteInline).Delete(null, BucketVersioning.Unversioned)).Found);
            Assert.True((await objects.Registry(bucket, deleteStreamed).Delete(null, BucketVersioning.Unversioned)).Found);
            current.Remove(deleteInline);
            current.Remove(deleteStreamed);
        }

        await AssertListsAsync(bucket, current);
        foreach (var disk in cluster.Disks)
        {
            // Removed, not hidden: the index has no entry left for a deleted key.
            var indexed = await ListingWalk.DiskAsync(cluster.Grains, disk, bucket);
            Assert.Equal(current.Keys.Where(k => setOf(k) == disk.Set).Order(Utf8Order.Instance), indexed.Select(i => i.Name));
        }

        // The same with the last disk of each set away: it keeps the old entry of the overwritten key, which the other
        // three outvote. (Its entry of the deleted key goes anyway: the index records the delete through its open
        // journal before the disk finds its directory gone, which only a moved-aside directory makes visible.)
        var away = cluster.SetDisks(0).Concat(cluster.SetDisks(1)).Where(d => d.Index == 3).ToArray();
        var later = bySet.Select(set => (Overwritten: set[4], Deleted: set[5])).ToArray();
        using (cluster.RemoveDisks(away))
        {
            foreach (var (overwritten, deleted) in later)
            {
                current[overwritten] = await objects.PutAsync(bucket, overwritten, Content(overwritten, streamed: false, generation: 2));
                Assert.True((await objects.Registry(bucket, deleted).Delete(null, BucketVersioning.Unversioned)).Found);
                current.Remove(deleted);
            }
        }

        foreach (var disk in away)
        {
            var stale = (await ListingWalk.DiskAsync(cluster.Grains, disk, bucket)).Single(i => i.Name == later[disk.Set].Overwritten);
            Assert.NotEqual(current[later[disk.Set].Overwritten].ETag, ObjectSummaryCodec.Decode(stale.Summary).Single().ETag);
        }

        await AssertListsAsync(bucket, current);
    }

    /// <summary>
    /// S3 lists a common prefix that holds keys after start-after even when start-after lies inside it, as each disk's
    /// index does (IndexQuery.StartAfter); the merge must not drop it for sorting before start-after.
    /// </summary>
    [Fact]
    public async Task A_start_after_inside_a_common_prefix_still_lists_that_prefix()
    {
        var bucket = await cluster.NewBucketAsync("two-sets-start-after");
        var setOf = SetsOf(bucket);
        var keys = Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? $"p/{i:D2}" : $"q{i:D2}").ToArray();
        await PutAllAsync(bucket, keys, _ => false);
        Assert.Equal(2, keys.Where(k => k.StartsWith("p/", StringComparison.Ordinal)).Select(setOf).Distinct().Count());

        foreach (var limit in new[] { 1, 5, 1000 })
        {
            var listed = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", "p/30", "/", limit, false));
            Assert.Equal(["p/", .. keys.Where(k => k[0] == 'q').Order(Utf8Order.Instance)], listed.Select(e => e.Name));
        }

        var past = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", "p/57", "/", 10, false));
        Assert.DoesNotContain(past, e => e.Name == "p/");
    }

    private async Task AssertListsAsync(string bucket, IReadOnlyDictionary<string, ObjectVersion> current)
    {
        var listed = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, null, 7, false));
        Assert.Equal(current.Keys.Order(Utf8Order.Instance), listed.Select(e => e.Name));
        Assert.All(listed, entry =>
        {
            var version = Assert.Single(entry.Versions);
            Assert.Equal(current[entry.Name].Size, version.Size);
            Assert.Equal(current[entry.Name].ETag, version.ETag);
            Assert.Equal(current[entry.Name].LastModified, version.LastModified);
        });
    }

    private async Task<ConcurrentDictionary<string, ObjectVersion>> PutAllAsync(string bucket, IReadOnlyList<string> keys, Func<string, bool> streamed)
    {
        var written = new ConcurrentDictionary<string, ObjectVersion>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            keys,
            new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = TestContext.Current.CancellationToken },
            async (key, _) => written[key] = await objects.PutAsync(bucket, key, Content(key, streamed(key), generation: 0)));
        return written;
    }

    /// <summary>The erasure set the ring gives the key, worked out here rather than asked of the grains.</summary>
    private Func<string, int> SetsOf(string bucket) => key => ring.Locate(bucket, key).Index;

    private TestDisk Disk(int set, int index) => cluster.SetDisks(set)[index];

    /// <summary>
    /// Keys of a mixed shape: a quarter flat, the rest under 41 top-level prefixes (two of them non-ASCII), a third
    /// of those one level deeper; a marker after each prefix makes UTF-8 and UTF-16 order disagree among neighbours.
    /// </summary>
    private static string KeyOf(int i)
    {
        var marker = Markers[i % Markers.Length];
        var top = (i % 41) switch
        {
            39 => "d\uE000",
            40 => "d\U0001F600",
            var t => $"d{t:D2}",
        };
        return (i % 4) switch
        {
            0 => $"f{marker}{i:D4}",
            3 => $"{top}/s{i % 3}/{marker}{i:D4}",
            _ => $"{top}/{marker}{i:D4}",
        };
    }

    /// <summary>Inline objects of 0 to 2,999 bytes; streamed ones of three blocks.</summary>
    private static byte[] Content(string key, bool streamed, int generation)
    {
        // string.GetHashCode differs from run to run; this does not.
        var seed = key.Aggregate(generation + 1, (hash, c) => unchecked((hash * 31) + c));
        var size = streamed ? (2 * ClusterFixture.BlockSize) + 100 + (seed & 0xFFF) : (seed & 0x7FFFFFFF) % 3000;
        return TestContent.Bytes(size, seed);
    }
}
