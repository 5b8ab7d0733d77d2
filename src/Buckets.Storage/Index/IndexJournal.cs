using Microsoft.Win32.SafeHandles;

namespace Buckets.Storage;

/// <summary>
/// One append-only journal file of a bucket index. Appends are serialized by the caller (the index's gate), so
/// records land in the file in the order they were appended and none is left with a hole before it.
/// </summary>
internal sealed class IndexJournal : IDisposable
{
    private readonly SafeFileHandle? file;
    private long length;

    private IndexJournal(long number, string path, SafeFileHandle? file)
    {
        Number = number;
        Path = path;
        this.file = file;
    }

    public long Number { get; }

    public string Path { get; }

    public long Length => Interlocked.Read(ref length);

    /// <summary>Creates a new, empty journal; its directory entry is made durable by the caller.</summary>
    public static IndexJournal Create(string path, long number) =>
        new(number, path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete));

    /// <summary>A journal replayed at open: read, never appended to again, deleted once its records are in a segment.</summary>
    public static IndexJournal Replayed(string path, long number) => new(number, path, file: null);

    public void Append(ReadOnlySpan<byte> record)
    {
        RandomAccess.Write(file ?? throw new InvalidOperationException($"Journal {Path} is read-only."), record, length);
        Interlocked.Add(ref length, record.Length);
    }

    /// <summary>For durability modes that sync only what they are given: the journal's data and size.</summary>
    public void Sync()
    {
        if (file is not null)
        {
            LocalDisk.SyncFile(file);
        }
    }

    public void Dispose() => file?.Dispose();

    public void Delete()
    {
        Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Below the manifest's journal start: ignored and removed at the next open.
        }
    }
}
