namespace Buckets.Storage;

/// <summary>
/// Held by a change from its journal append until it is applied to the memtable: while any pin is held the index
/// does not switch to a new memtable, so a change always lands in the memtable its journal backs, and changes
/// to one key are applied to memtables in the order they happened. <see cref="Exit"/> exactly once.
/// </summary>
internal readonly struct IndexPin(BucketIndex index, Memtable table, IndexJournal? journal)
{
    public BucketIndex Index => index;

    public Memtable Table => table;

    /// <summary>For durability modes that sync only what they are given: the journal holding the record.</summary>
    public void SyncJournal() => journal?.Sync();

    public void Exit() => index.Exit();
}
