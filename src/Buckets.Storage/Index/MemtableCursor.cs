namespace Buckets.Storage;

/// <summary>A cursor over a memtable; takes no lock (<see cref="Memtable"/>) and reads each value once, when it gets there.</summary>
internal sealed class MemtableCursor(Memtable table) : IIndexCursor
{
    private Memtable.Node? node;
    private IndexValue value = IndexValue.Tombstone;
    private bool positioned;

    public bool Valid => node is not null;

    public ReadOnlySpan<byte> Key => node!.Key;

    public bool IsTombstone => value.IsTombstone;

    public bool Hidden => value.Hidden;

    public ReadOnlySpan<byte> Summary => value.Summary;

    public void Seek(ReadOnlySpan<byte> target)
    {
        if (positioned && (node is null || Utf8Keys.Compare(node.Key, target) >= 0))
        {
            return;
        }

        positioned = true;
        Move(table.SeekNode(target));
    }

    public void Next() => Move(node!.Next(0));

    public void Dispose()
    {
    }

    private void Move(Memtable.Node? to)
    {
        node = to;
        if (to is not null)
        {
            value = to.Value;
        }
    }
}
