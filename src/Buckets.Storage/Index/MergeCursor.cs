namespace Buckets.Storage;

/// <summary>
/// Merges sources ordered newest first into one sorted walk: for a key held by several sources, the newest one's
/// record wins (a tombstone included, which is how deletes shadow older segments). A handful of sources, so the
/// smallest key is found by a linear look rather than a heap.
/// </summary>
internal sealed class MergeCursor(IReadOnlyList<IIndexCursor> sources) : IDisposable
{
    private int current = -1;

    public bool Valid => current >= 0;

    public ReadOnlySpan<byte> Key => sources[current].Key;

    public bool IsTombstone => sources[current].IsTombstone;

    public bool Hidden => sources[current].Hidden;

    public ReadOnlySpan<byte> Summary => sources[current].Summary;

    /// <summary>Records looked at so far (every source move counts); lets tests check that skips do not walk.</summary>
    public long Steps { get; private set; }

    public void Seek(ReadOnlySpan<byte> target)
    {
        foreach (var source in sources)
        {
            source.Seek(target);
        }

        Steps++;
        Pick();
    }

    public void Next()
    {
        var winner = sources[current];
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            if (i != current && source.Valid && Utf8Keys.Compare(source.Key, winner.Key) == 0)
            {
                source.Next();
                Steps++;
            }
        }

        // Last, so its key stayed valid for the comparisons above.
        winner.Next();
        Steps++;
        Pick();
    }

    public void Dispose()
    {
        foreach (var source in sources)
        {
            source.Dispose();
        }
    }

    private void Pick()
    {
        current = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].Valid && (current < 0 || Utf8Keys.Compare(sources[i].Key, sources[current].Key) < 0))
            {
                current = i;
            }
        }
    }
}
