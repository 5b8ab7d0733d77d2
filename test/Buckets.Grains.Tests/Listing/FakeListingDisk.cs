using Buckets.Abstractions;
using Buckets.Grains.Listing;

namespace Buckets.Grains.Tests.Listing;

/// <summary>A disk's listing index as the merge expects one to answer: the semantics, by brute force.</summary>
internal sealed class FakeListingDisk
{
    private readonly SortedDictionary<string, (bool Hidden, byte[] Summary)> keys = new(Utf8Order.Instance);

    public bool Down { get; set; }

    public int Calls { get; private set; }

    public void Put(string key, byte[] summary, bool hidden = false) => keys[key] = (hidden, summary);

    public Task<ListingPage> ListAsync(ListingQuery query)
    {
        Calls++;
        if (Down)
        {
            throw new IOException("disk gone");
        }

        var items = new List<ListingItem>();
        foreach (var (key, entry) in keys)
        {
            if (!key.StartsWith(query.Prefix, StringComparison.Ordinal) || (entry.Hidden && !query.IncludeHidden))
            {
                continue;
            }

            var item = new ListingItem(key, IsPrefix: false, entry.Hidden, entry.Summary);
            if (query.Delimiter is not null)
            {
                var at = key.IndexOf(query.Delimiter, query.Prefix.Length, StringComparison.Ordinal);
                if (at >= 0)
                {
                    item = new ListingItem(key[..(at + query.Delimiter.Length)], IsPrefix: true, Hidden: false, Summary: null);
                }
            }

            // As the storage index: start-after is compared with keys, so a common prefix holding keys past it is
            // listed even when start-after lies inside it, and skipped only when it is start-after itself.
            if ((query.StartAfter is not null && (Utf8Order.Compare(key, query.StartAfter) <= 0 || item.Name == query.StartAfter)) ||
                (items.Count > 0 && items[^1].Name == item.Name))
            {
                continue;
            }

            if (items.Count == query.Limit)
            {
                return Task.FromResult(new ListingPage(items.ToArray(), IsTruncated: true));
            }

            items.Add(item);
        }

        return Task.FromResult(new ListingPage(items.ToArray(), IsTruncated: false));
    }
}
