using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Buckets.Storage;

/// <summary>
/// Writes one immutable segment file from records given in strictly increasing key order:
/// <c>block* | block index | footer</c>. A block is a run of key records (<see cref="IndexCodec"/>) of about
/// <c>blockBytes</c> (one oversized record gets a block of its own); the block index holds, per block,
/// <c>offset u64 | length u32 | XxHash32 u32 | varint firstKeyLength | firstKey</c>.
/// </summary>
internal sealed class SegmentWriter : IDisposable
{
    private readonly SafeFileHandle file;
    private readonly int blockBytes;
    private readonly List<(long Offset, int Length, uint Checksum, byte[] FirstKey)> blocks = [];
    private byte[] block;
    private int blockLength;
    private byte[]? firstKeyOfBlock;
    private byte[]? lastKey;
    private long offset;
    private long entries;
    private long tombstones;

    public SegmentWriter(string path, int blockBytes)
    {
        Path = path;
        this.blockBytes = blockBytes;
        file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        block = ArrayPool<byte>.Shared.Rent(blockBytes);
    }

    public string Path { get; }

    public long Entries => entries;

    public void Add(ReadOnlySpan<byte> key, bool tombstone, bool hidden, ReadOnlySpan<byte> summary)
    {
        if (lastKey is not null && Utf8Keys.Compare(key, lastKey) <= 0)
        {
            throw new InvalidOperationException("Segment records must come in strictly increasing key order.");
        }

        var size = IndexCodec.RecordSize(key.Length, tombstone ? 0 : summary.Length);
        if (blockLength > 0 && blockLength + size > blockBytes)
        {
            FlushBlock();
        }

        if (size > block.Length - blockLength)
        {
            var larger = ArrayPool<byte>.Shared.Rent(blockLength + size);
            block.AsSpan(0, blockLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(block);
            block = larger;
        }

        var flags = (byte)((tombstone ? IndexCodec.TombstoneFlag : 0) | (hidden ? IndexCodec.HiddenFlag : 0));
        blockLength += IndexCodec.WriteRecord(block.AsSpan(blockLength), key, flags, tombstone ? [] : summary);
        lastKey = key.ToArray();
        firstKeyOfBlock ??= lastKey;
        entries++;
        if (tombstone)
        {
            tombstones++;
        }
    }

    /// <summary>Writes the block index and footer and makes the file durable (its directory entry is the caller's).</summary>
    public void Finish()
    {
        FlushBlock();
        var indexLength = blocks.Sum(b => 16 + IndexCodec.VarintSize((uint)b.FirstKey.Length) + b.FirstKey.Length);
        var index = new byte[indexLength + SegmentFooter.Size];
        var at = 0;
        foreach (var (blockOffset, length, checksum, firstKey) in blocks)
        {
            IndexCodec.WriteUInt64(index.AsSpan(at), (ulong)blockOffset);
            IndexCodec.WriteUInt32(index.AsSpan(at + 8), (uint)length);
            IndexCodec.WriteUInt32(index.AsSpan(at + 12), checksum);
            at += 16;
            at += IndexCodec.WriteVarint(index.AsSpan(at), (uint)firstKey.Length);
            firstKey.CopyTo(index, at);
            at += firstKey.Length;
        }

        var footer = new SegmentFooter(blocks.Count, offset, indexLength, XxHash32.HashToUInt32(index.AsSpan(0, indexLength)), entries, tombstones);
        footer.Write(index.AsSpan(indexLength));
        RandomAccess.Write(file, index, offset);
        offset += index.Length;
        LocalDisk.SyncFile(file);
    }

    public void Dispose()
    {
        file.Dispose();
        if (block.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(block);
            block = [];
        }
    }

    private void FlushBlock()
    {
        if (blockLength == 0)
        {
            return;
        }

        var bytes = block.AsSpan(0, blockLength);
        RandomAccess.Write(file, bytes, offset);
        blocks.Add((offset, blockLength, XxHash32.HashToUInt32(bytes), firstKeyOfBlock!));
        offset += blockLength;
        blockLength = 0;
        firstKeyOfBlock = null;
    }
}
