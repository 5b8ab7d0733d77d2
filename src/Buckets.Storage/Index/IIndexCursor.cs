namespace Buckets.Storage;

/// <summary>
/// A forward-only walk over one sorted source of index records (a memtable or a segment). A new cursor is
/// positioned by its first <see cref="Seek"/>. Spans stay valid until the cursor moves.
/// </summary>
internal interface IIndexCursor : IDisposable
{
    bool Valid { get; }

    ReadOnlySpan<byte> Key { get; }

    bool IsTombstone { get; }

    bool Hidden { get; }

    ReadOnlySpan<byte> Summary { get; }

    /// <summary>Moves to the first record whose key is at least <paramref name="target"/>; never moves back.</summary>
    void Seek(ReadOnlySpan<byte> target);

    void Next();
}
