using Buckets.Abstractions;
using Xunit;

namespace Buckets.Grains.Tests.Listing;

/// <summary>
/// Pages through a bucket listing the way the gateway's clients do (each page starts after the last name of the one
/// before), checking every page on the way; reads one disk's index whole; and says what a listing must hold.
/// </summary>
public static class ListingWalk
{
    /// <summary>Far more pages than any test lists: a listing that gets this far is not advancing.</summary>
    private const int MaxPages = 10_000;

    /// <summary>Every entry of the listing, page after page of <see cref="ListingQuery.Limit"/>.</summary>
    public static async Task<List<ListedObject>> AllAsync(IGrainFactory grains, string bucket, ListingQuery query)
    {
        var listing = grains.GetGrain<IObjectListingGrain>(bucket);
        var all = new List<ListedObject>();
        var cursor = query.StartAfter;
        for (var pages = 0; pages < MaxPages; pages++)
        {
            var page = await listing.List(query with { StartAfter = cursor });
            all.AddRange(page.Entries);
            if (!page.IsTruncated)
            {
                return all;
            }

            // A truncated page is a full one: clients also page on the count.
            Assert.Equal(query.Limit, page.Entries.Length);
            cursor = page.Entries[^1].Name;
        }

        Assert.Fail($"The listing of {bucket} did not end after {MaxPages} pages.");
        return all;
    }

    /// <summary>Every entry of one disk's index of the bucket, hidden ones included.</summary>
    public static async Task<List<ListingItem>> DiskAsync(IGrainFactory grains, TestDisk disk, string bucket)
    {
        var store = grains.GetGrain<IDiskStoreGrain>(disk.Info.GrainKey);
        var all = new List<ListingItem>();
        string? cursor = null;
        while (true)
        {
            var page = await store.ListObjects(bucket, new ListingQuery("", cursor, null, 1000, IncludeHidden: true));
            all.AddRange(page.Items);
            if (!page.IsTruncated)
            {
                return all;
            }

            cursor = page.Items[^1].Name;
        }
    }

    /// <summary>
    /// What S3 lists of <paramref name="keys"/>: those under <paramref name="prefix"/>, each rolled up to the first
    /// <paramref name="delimiter"/> after the prefix when it has one, once each, in UTF-8 byte order.
    /// </summary>
    public static List<string> Expected(IEnumerable<string> keys, string prefix, string? delimiter) =>
        keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k =>
            {
                var at = delimiter is null ? -1 : k.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                return at < 0 ? k : k[..(at + delimiter!.Length)];
            })
            .Distinct(StringComparer.Ordinal)
            .Order(Utf8Order.Instance)
            .ToList();
}
