namespace Buckets.Storage;

/// <summary>One page of S3 listing semantics over a merged walk of the index.</summary>
internal static class IndexLister
{
    public static IndexPage List(MergeCursor cursor, IndexQuery query)
    {
        var prefix = Utf8Keys.Encode(query.Prefix, nameof(query.Prefix));
        var startAfter = query.StartAfter is null ? null : Utf8Keys.Encode(query.StartAfter, nameof(query.StartAfter));
        var delimiter = string.IsNullOrEmpty(query.Delimiter) ? null : Utf8Keys.Encode(query.Delimiter, nameof(query.Delimiter));
        var end = Utf8Keys.PrefixEnd(prefix);

        var start = prefix;
        if (startAfter is not null)
        {
            var after = Utf8Keys.After(startAfter);
            if (Utf8Keys.Compare(after, start) > 0)
            {
                start = after;
            }
        }

        var items = new List<IndexItem>(Math.Min(query.Limit, 1024));
        var truncated = false;
        cursor.Seek(start);
        while (cursor.Valid)
        {
            var key = cursor.Key;
            if (end is not null && Utf8Keys.Compare(key, end) >= 0)
            {
                break;
            }

            if (cursor.IsTombstone || (cursor.Hidden && !query.IncludeHidden))
            {
                cursor.Next();
                continue;
            }

            var at = delimiter is null ? -1 : key[prefix.Length..].IndexOf(delimiter);
            if (at >= 0)
            {
                // UTF-8 is self-synchronizing: a match of the (valid) delimiter's bytes falls on character boundaries.
                var commonPrefix = key[..(prefix.Length + at + delimiter!.Length)];
                var skipTo = Utf8Keys.PrefixEnd(commonPrefix)!;
                if (startAfter is null || !commonPrefix.SequenceEqual(startAfter))
                {
                    if (items.Count == query.Limit)
                    {
                        truncated = true;
                        break;
                    }

                    items.Add(new IndexItem(Utf8Keys.Decode(commonPrefix), IsCommonPrefix: true, default));
                }

                // One seek past every key under the common prefix, however many there are.
                cursor.Seek(skipTo);
                continue;
            }

            if (items.Count == query.Limit)
            {
                truncated = true;
                break;
            }

            items.Add(new IndexItem(Utf8Keys.Decode(key), IsCommonPrefix: false, new IndexEntry(cursor.Hidden, cursor.Summary.ToArray())));
            cursor.Next();
        }

        return new IndexPage(items, truncated);
    }
}
