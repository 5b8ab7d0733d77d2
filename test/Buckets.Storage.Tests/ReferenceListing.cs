namespace Buckets.Storage.Tests;

/// <summary>
/// The listing semantics spelled out naively over a whole model (every key visited), to check the index against.
/// </summary>
internal static class ReferenceListing
{
    public static IndexPage List(SortedDictionary<string, IndexEntry> model, IndexQuery query)
    {
        var items = new List<IndexItem>();
        var truncated = false;
        var delimiter = string.IsNullOrEmpty(query.Delimiter) ? null : query.Delimiter;
        foreach (var (key, entry) in model)
        {
            if (!key.StartsWith(query.Prefix, StringComparison.Ordinal) || (entry.Hidden && !query.IncludeHidden))
            {
                continue;
            }

            var at = delimiter is null ? -1 : key.IndexOf(delimiter, query.Prefix.Length, StringComparison.Ordinal);
            var item = at >= 0
                ? new IndexItem(key[..(at + delimiter!.Length)], IsCommonPrefix: true, default)
                : new IndexItem(key, IsCommonPrefix: false, entry);

            // A key counts when it comes after StartAfter; a common prefix when one of its keys does, unless it is
            // StartAfter itself (the last item of the previous page).
            if (query.StartAfter is not null && (Utf8Order.Instance.Compare(key, query.StartAfter) <= 0 || item.Name == query.StartAfter))
            {
                continue;
            }

            if (item.IsCommonPrefix && items.Count > 0 && items[^1].IsCommonPrefix && items[^1].Name == item.Name)
            {
                continue;
            }

            if (items.Count == query.Limit)
            {
                truncated = true;
                break;
            }

            items.Add(item);
        }

        return new IndexPage(items, truncated);
    }

    /// <summary>Every item of a listing, page after page, continuing from each page's last item.</summary>
    public static async Task<List<IndexItem>> WalkAsync(Func<IndexQuery, ValueTask<IndexPage>> list, IndexQuery first)
    {
        var all = new List<IndexItem>();
        var query = first;
        while (true)
        {
            var page = await list(query);
            all.AddRange(page.Items);
            if (!page.IsTruncated)
            {
                return all;
            }

            query = query with { StartAfter = page.Last };
        }
    }
}
