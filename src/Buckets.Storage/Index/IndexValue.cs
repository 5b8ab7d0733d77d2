namespace Buckets.Storage;

/// <summary>What the memtable holds for a key: an entry, or a tombstone that shadows older segments. Immutable.</summary>
internal sealed class IndexValue
{
    public static readonly IndexValue Tombstone = new(tombstone: true, hidden: false, []);

    private IndexValue(bool tombstone, bool hidden, byte[] summary)
    {
        IsTombstone = tombstone;
        Hidden = hidden;
        Summary = summary;
    }

    public bool IsTombstone { get; }

    public bool Hidden { get; }

    public byte[] Summary { get; }

    /// <summary>Copies the summary: the caller's buffer may be reused.</summary>
    public static IndexValue Of(IndexEntry? entry) =>
        entry is { } e ? new IndexValue(tombstone: false, e.Hidden, e.Summary.ToArray()) : Tombstone;

    public static IndexValue Of(bool tombstone, bool hidden, ReadOnlySpan<byte> summary) =>
        tombstone ? Tombstone : new IndexValue(tombstone: false, hidden, summary.ToArray());
}
