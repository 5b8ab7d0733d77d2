using System.Text;
using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// A bucket's key index lists as S3 does: UTF-8 byte order, prefix, delimiter (common prefixes), start-after and
/// max-keys, hidden keys only when asked for. Small bounds make most keys live in segments, not the memtable.
/// </summary>
public sealed class IndexListingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keys_list_in_utf8_byte_order_which_is_not_utf16_ordinal_order()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.OpenIndexed(temp.Combine("disk0"));
        string[] keys = ["a", "B", "é", "\u007F", "\u0080", "\uE000", "\uFFFD", "\uFFFF", "😀", "𐀀", "\U0010FFFF", "a\0b", "a/b", "ab", "日本"];
        foreach (var key in keys)
        {
            await IndexDocuments.Put(disk, "bucket", key, IndexDocuments.Listed(key), Ct);
        }

        var page = await disk.ListIndexAsync("bucket", new IndexQuery(), Ct);

        string[] expected = ["B", "a", "a\0b", "a/b", "ab", "\u007F", "\u0080", "é", "日本", "\uE000", "\uFFFD", "\uFFFF", "𐀀", "😀", "\U0010FFFF"];
        Assert.Equal(expected, page.Items.Select(i => i.Name));
        Assert.Equal(expected, keys.Order(Utf8Order.Instance));
        Assert.All(page.Items, i => Assert.Equal(IndexDocuments.Listed(i.Name), i.Entry));
        Assert.False(page.IsTruncated);

        // The trap the order avoids: UTF-16 ordinal puts a surrogate pair (0xD83D..) before U+E000..U+FFFF.
        Assert.True(string.CompareOrdinal("😀", "\uFFFF") < 0);
    }

    [Fact]
    public async Task A_delimiter_rolls_keys_up_into_common_prefixes_after_the_prefix()
    {
        using var temp = new TempDirectory();
        using var disk = await DiskWithAsync(temp, "a/b/c", "a/b/d", "a/c", "a/d/e", "a/d/f/g", "b", "c/d", "a");

        var root = await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "/"), Ct);
        Assert.Equal(["a", "a/", "b", "c/"], root.Items.Select(i => i.Name));
        Assert.Equal([false, true, false, true], root.Items.Select(i => i.IsCommonPrefix));

        var underA = await disk.ListIndexAsync("bucket", new IndexQuery(Prefix: "a/", Delimiter: "/"), Ct);
        Assert.Equal(["a/b/", "a/c", "a/d/"], underA.Items.Select(i => i.Name));
        Assert.Equal(default, underA.Items[0].Entry);

        var noDelimiter = await disk.ListIndexAsync("bucket", new IndexQuery(Prefix: "a/"), Ct);
        Assert.Equal(["a/b/c", "a/b/d", "a/c", "a/d/e", "a/d/f/g"], noDelimiter.Items.Select(i => i.Name));
    }

    [Fact]
    public async Task A_delimiter_may_be_several_characters_and_may_be_found_nowhere()
    {
        using var temp = new TempDirectory();
        using var disk = await DiskWithAsync(temp, "x--1--2", "x--3", "x-4", "y", "z--", "ü→ü→", "ü→x");

        var dashes = await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "--"), Ct);
        Assert.Equal(["x--", "x-4", "y", "z--", "ü→x", "ü→ü→"], dashes.Items.Select(i => i.Name));

        var deeper = await disk.ListIndexAsync("bucket", new IndexQuery(Prefix: "x--", Delimiter: "--"), Ct);
        Assert.Equal(["x--1--", "x--3"], deeper.Items.Select(i => i.Name));

        var arrow = await disk.ListIndexAsync("bucket", new IndexQuery(Prefix: "ü", Delimiter: "→"), Ct);
        Assert.Equal(["ü→"], arrow.Items.Select(i => i.Name));

        var absent = await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "#"), Ct);
        Assert.Equal(7, absent.Items.Count);
        Assert.DoesNotContain(absent.Items, i => i.IsCommonPrefix);
    }

    [Fact]
    public async Task Start_after_skips_a_key_or_a_whole_common_prefix_but_lists_a_prefix_it_falls_inside()
    {
        using var temp = new TempDirectory();
        using var disk = await DiskWithAsync(temp, "a/1", "a/2", "a/3", "b", "c/1", "d");
        var q = new IndexQuery(Delimiter: "/");

        Assert.Equal(["b", "c/", "d"], (await disk.ListIndexAsync("bucket", q with { StartAfter = "a/" }, Ct)).Items.Select(i => i.Name));
        Assert.Equal(["a/", "b", "c/", "d"], (await disk.ListIndexAsync("bucket", q with { StartAfter = "a/1" }, Ct)).Items.Select(i => i.Name));
        Assert.Equal(["b", "c/", "d"], (await disk.ListIndexAsync("bucket", q with { StartAfter = "a/3" }, Ct)).Items.Select(i => i.Name));
        Assert.Equal(["c/", "d"], (await disk.ListIndexAsync("bucket", q with { StartAfter = "b" }, Ct)).Items.Select(i => i.Name));
        Assert.Equal(["a/", "b", "c/", "d"], (await disk.ListIndexAsync("bucket", q with { StartAfter = "" }, Ct)).Items.Select(i => i.Name));
        Assert.Empty((await disk.ListIndexAsync("bucket", q with { StartAfter = "d" }, Ct)).Items);
        Assert.Equal(["a/2", "a/3"], (await disk.ListIndexAsync("bucket", new IndexQuery(Prefix: "a/", StartAfter: "a/1"), Ct)).Items.Select(i => i.Name));
        Assert.Equal(["a/1", "a/2", "a/3"], (await disk.ListIndexAsync("bucket", new IndexQuery(Prefix: "a/", StartAfter: "0"), Ct)).Items.Select(i => i.Name));
    }

    [Fact]
    public async Task Limit_counts_keys_and_common_prefixes_and_truncation_means_more_items_follow()
    {
        using var temp = new TempDirectory();
        using var disk = await DiskWithAsync(temp, "a/1", "a/2", "b", "c/1", "d");
        await IndexDocuments.Put(disk, "bucket", "e", IndexDocuments.Hidden("marker"), Ct);

        var first = await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "/", Limit: 2), Ct);
        Assert.Equal(["a/", "b"], first.Items.Select(i => i.Name));
        Assert.True(first.IsTruncated);
        Assert.Equal("b", first.Last);

        // Exactly the remaining items: not truncated, and the hidden key after them does not count as one more.
        var rest = await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "/", Limit: 2, StartAfter: first.Last), Ct);
        Assert.Equal(["c/", "d"], rest.Items.Select(i => i.Name));
        Assert.False(rest.IsTruncated);

        Assert.True((await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "/", Limit: 2, StartAfter: first.Last, IncludeHidden: true), Ct)).IsTruncated);
        Assert.Throws<ArgumentOutOfRangeException>(() => disk.ListIndexAsync("bucket", new IndexQuery(Limit: 0), Ct));
    }

    [Fact]
    public async Task Hidden_keys_are_listed_and_rolled_up_only_when_asked_for()
    {
        using var temp = new TempDirectory();
        using var disk = await DiskWithAsync(temp, "dir/visible", "top");
        await IndexDocuments.Put(disk, "bucket", "dir/deleted", IndexDocuments.Hidden("m1"), Ct);
        await IndexDocuments.Put(disk, "bucket", "gone/only-markers", IndexDocuments.Hidden("m2"), Ct);
        await IndexDocuments.Put(disk, "bucket", "marker", IndexDocuments.Hidden("m3"), Ct);
        await IndexDocuments.Put(disk, "bucket", "unlisted", null, Ct);

        Assert.Equal(["dir/visible", "top"], (await disk.ListIndexAsync("bucket", new IndexQuery(), Ct)).Items.Select(i => i.Name));
        Assert.Equal(["dir/", "top"], (await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "/"), Ct)).Items.Select(i => i.Name));

        var versions = await disk.ListIndexAsync("bucket", new IndexQuery(IncludeHidden: true), Ct);
        Assert.Equal(["dir/deleted", "dir/visible", "gone/only-markers", "marker", "top"], versions.Items.Select(i => i.Name));
        Assert.Equal(IndexDocuments.Hidden("m1"), versions.Items[0].Entry);
        Assert.Equal(["dir/", "gone/", "marker", "top"], (await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "/", IncludeHidden: true), Ct)).Items.Select(i => i.Name));

        // A key whose document is written with no entry, or deleted, leaves the listing.
        await IndexDocuments.Put(disk, "bucket", "top", null, Ct);
        await disk.DeleteObjectAsync("bucket", "dir/visible", [], Ct);
        Assert.Equal(["dir/", "gone/", "marker"], (await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "/", IncludeHidden: true), Ct)).Items.Select(i => i.Name));
        Assert.Empty((await disk.ListIndexAsync("bucket", new IndexQuery(), Ct)).Items);
    }

    [Fact]
    public async Task Random_queries_match_the_reference_semantics()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.OpenIndexed(temp.Combine("disk0"));
        var random = new Random(7);
        var model = new SortedDictionary<string, IndexEntry>(Utf8Order.Instance);
        string[] parts = ["a", "b", "/", "-", "é", "😀", "\uFFFF", "x/", "--"];
        for (var i = 0; i < 300; i++)
        {
            var key = RandomKey(random, parts);
            var entry = random.Next(5) == 0 ? IndexDocuments.Hidden($"h{i}") : IndexDocuments.Listed($"v{i}");
            model[key] = entry;
        }

        await Parallel.ForEachAsync(model, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (pair, ct) =>
            await IndexDocuments.Put(disk, "bucket", pair.Key, pair.Value, ct));

        for (var i = 0; i < 400; i++)
        {
            var query = new IndexQuery(
                Prefix: random.Next(3) == 0 ? "" : parts[random.Next(parts.Length)],
                StartAfter: random.Next(3) == 0 ? null : RandomKey(random, parts),
                Delimiter: random.Next(3) switch { 0 => null, 1 => "/", _ => parts[random.Next(parts.Length)] },
                Limit: random.Next(1, 40),
                IncludeHidden: random.Next(2) == 0);

            var expected = ReferenceListing.List(model, query);
            var actual = await disk.ListIndexAsync("bucket", query, Ct);
            Assert.Equal(expected.Items, actual.Items);
            Assert.Equal(expected.IsTruncated, actual.IsTruncated);
        }
    }

    [Fact]
    public async Task A_bucket_without_objects_lists_nothing_and_gets_no_index_files_from_listing()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.OpenIndexed(temp.Combine("disk0"));

        var page = await disk.ListIndexAsync("never-written", new IndexQuery(Delimiter: "/"), Ct);

        Assert.Empty(page.Items);
        Assert.False(page.IsTruncated);
        Assert.Null(page.Last);
        Assert.False(Directory.Exists(Path.Combine(disk.Root, StoragePaths.BucketIndexDirectory("never-written"))));
    }

    [Fact]
    public async Task Keys_that_are_not_valid_unicode_are_refused()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.OpenIndexed(temp.Combine("disk0"));

        await Assert.ThrowsAsync<ArgumentException>(async () => await disk.ListIndexAsync("bucket", new IndexQuery(Prefix: "\uD800"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await IndexDocuments.Put(disk, "bucket", "lone\uDC00", IndexDocuments.Listed("x"), Ct));
        Assert.Throws<ArgumentException>(() => disk.WriteObjectMetadataAsync("bucket", "k", new byte[1], new IndexEntry(false, new byte[IndexEntry.MaxSummaryBytes + 1]), Ct));
    }

    internal static string RandomKey(Random random, string[] parts)
    {
        var builder = new StringBuilder();
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            builder.Append(parts[random.Next(parts.Length)]);
        }

        return builder.ToString();
    }

    private static async Task<LocalDisk> DiskWithAsync(TempDirectory temp, params string[] keys)
    {
        var disk = Disks.OpenIndexed(temp.Combine("disk0"), Disks.Indexed(memtableEntries: 3, blockBytes: 64));
        foreach (var key in keys)
        {
            await IndexDocuments.Put(disk, "bucket", key, IndexDocuments.Listed(key), Ct);
        }

        return disk;
    }
}
