using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Buckets.Storage;

/// <summary>
/// An open, immutable segment file (<see cref="SegmentWriter"/> wrote it): its footer and block index in memory
/// (a first key per block, so a few KiB per 100,000 keys), blocks read on demand into pooled buffers and checked
/// against their checksum on every read.
/// </summary>
/// <remarks>
/// Reference counted: the index state holds one reference, each listing another while it reads, so a compaction
/// can replace the segment (and delete its file: an open file stays readable) while listings still use it; the
/// handle closes with the last reference.
/// </remarks>
internal sealed class IndexSegment
{
    private readonly SafeFileHandle file;
    private readonly long[] offsets;
    private readonly int[] lengths;
    private readonly uint[] checksums;
    private readonly byte[][] firstKeys;
    private int references = 1;

    private IndexSegment(long number, string path, SafeFileHandle file, SegmentFooter footer, long[] offsets, int[] lengths, uint[] checksums, byte[][] firstKeys)
    {
        Number = number;
        Path = path;
        this.file = file;
        Entries = footer.Entries;
        Tombstones = footer.Tombstones;
        this.offsets = offsets;
        this.lengths = lengths;
        this.checksums = checksums;
        this.firstKeys = firstKeys;
    }

    public long Number { get; }

    public string Path { get; }

    /// <summary>Records, tombstones included.</summary>
    public long Entries { get; }

    public long Tombstones { get; }

    public int Blocks => offsets.Length;

    /// <exception cref="InvalidDataException">The file is not a whole, valid segment.</exception>
    public static IndexSegment Open(string path, long number)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            var length = RandomAccess.GetLength(file);
            if (length < SegmentFooter.Size)
            {
                throw new InvalidDataException($"Index segment {path} is too short ({length} bytes).");
            }

            var footerBytes = new byte[SegmentFooter.Size];
            ReadExactly(file, footerBytes, length - SegmentFooter.Size, path);
            var footer = SegmentFooter.Read(footerBytes, length, path);
            var index = new byte[footer.IndexLength];
            ReadExactly(file, index, footer.IndexOffset, path);
            if (XxHash32.HashToUInt32(index) != footer.IndexChecksum)
            {
                throw new InvalidDataException($"Index segment {path} has a damaged block index.");
            }

            var offsets = new long[footer.Blocks];
            var lengths = new int[footer.Blocks];
            var checksums = new uint[footer.Blocks];
            var firstKeys = new byte[footer.Blocks][];
            var at = 0;
            for (var i = 0; i < footer.Blocks; i++)
            {
                if (index.Length - at < 16)
                {
                    throw new InvalidDataException($"Index segment {path} has a truncated block index.");
                }

                offsets[i] = (long)IndexCodec.ReadUInt64(index.AsSpan(at));
                lengths[i] = (int)IndexCodec.ReadUInt32(index.AsSpan(at + 8));
                checksums[i] = IndexCodec.ReadUInt32(index.AsSpan(at + 12));
                at += 16;
                if (!IndexCodec.TryReadVarint(index, ref at, out var keyLength) || keyLength > index.Length - at)
                {
                    throw new InvalidDataException($"Index segment {path} has a truncated block index.");
                }

                firstKeys[i] = index.AsSpan(at, (int)keyLength).ToArray();
                at += (int)keyLength;
                if (lengths[i] <= 0 || offsets[i] < 0 || offsets[i] + lengths[i] > footer.IndexOffset)
                {
                    throw new InvalidDataException($"Index segment {path} has a block outside its data.");
                }
            }

            return new IndexSegment(number, path, file, footer, offsets, lengths, checksums, firstKeys);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public ReadOnlySpan<byte> FirstKey(int block) => firstKeys[block];

    /// <summary>The block whose key range holds <paramref name="key"/>: the last one starting at or before it (0 if none).</summary>
    public int FindBlock(ReadOnlySpan<byte> key)
    {
        int low = 0, high = firstKeys.Length - 1, found = 0;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (Utf8Keys.Compare(firstKeys[middle], key) <= 0)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    /// <summary>Reads and checks one block into a pooled buffer; the caller returns it to <see cref="ArrayPool{T}.Shared"/>.</summary>
    /// <exception cref="InvalidDataException">The block does not match its checksum.</exception>
    public byte[] ReadBlock(int block, out int length)
    {
        length = lengths[block];
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            ReadExactly(file, buffer.AsSpan(0, length), offsets[block], Path);
            if (XxHash32.HashToUInt32(buffer.AsSpan(0, length)) != checksums[block])
            {
                throw new InvalidDataException($"Index segment {Path} has a damaged block {block}.");
            }

            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The segment's record for a key, or null when it has none.</summary>
    public IndexValue? Get(ReadOnlySpan<byte> key)
    {
        if (Blocks == 0)
        {
            return null;
        }

        using var cursor = new SegmentCursor(this);
        cursor.Seek(key);
        return cursor.Valid && Utf8Keys.Compare(cursor.Key, key) == 0
            ? IndexValue.Of(cursor.IsTombstone, cursor.Hidden, cursor.Summary)
            : null;
    }

    /// <summary>Takes a reference; false when the segment is already closed.</summary>
    public bool TryAddReference()
    {
        for (var current = Volatile.Read(ref references); current > 0; current = Volatile.Read(ref references))
        {
            if (Interlocked.CompareExchange(ref references, current + 1, current) == current)
            {
                return true;
            }
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref references) == 0)
        {
            file.Dispose();
        }
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> destination, long offset, string path)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(file, destination[total..], offset + total);
            if (read == 0)
            {
                throw new InvalidDataException($"Index segment {path} ends early.");
            }

            total += read;
        }
    }
}
