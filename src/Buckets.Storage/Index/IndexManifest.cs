namespace Buckets.Storage;

/// <summary>
/// <c>.buckets/index/&lt;bucket&gt;/manifest</c>: which files make up a bucket's index. Replaced atomically (temp
/// file, durable, rename, durable), so it always names a consistent set; a file it does not name is garbage.
/// </summary>
/// <param name="Complete">False while a rebuild from the metadata files has not finished: such an index is rebuilt again.</param>
/// <param name="JournalStart">Journals numbered from here on hold changes not yet in a segment.</param>
/// <param name="NextFileNumber">The next number for a journal or segment file.</param>
/// <param name="Segments">Live segment numbers, newest first: a newer segment's record for a key shadows older ones.</param>
internal sealed record IndexManifest(int Version, bool Complete, long JournalStart, long NextFileNumber, long[] Segments)
{
    public const int CurrentVersion = 1;
}
