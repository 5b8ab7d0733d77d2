namespace Buckets.Storage;

/// <summary>
/// What a listing reads, swapped whole: the memtable taking writes, the one being flushed (if any) and the live
/// segments, newest first. Sources are listed newest first, which is the order their records shadow each other.
/// </summary>
internal sealed record IndexState(Memtable Active, Memtable? Sealed, IndexSegment[] Segments)
{
    public static IndexState Empty => new(new Memtable(), null, []);
}
