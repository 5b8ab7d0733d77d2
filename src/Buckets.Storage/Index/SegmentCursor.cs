using System.Buffers;

namespace Buckets.Storage;

/// <summary>
/// A cursor over a segment: one block at a time in a pooled buffer. A seek that lands in the current block scans
/// forward from where the cursor is; one beyond it binary-searches the block index and reads one block, so
/// skipping a common prefix of 50,000 keys costs a block read, not 50,000 steps.
/// </summary>
internal sealed class SegmentCursor(IndexSegment segment) : IIndexCursor
{
    private byte[]? buffer;
    private int bufferLength;
    private int block = -1;
    private int position;
    private int next;
    private Range key;
    private Range summary;
    private byte flags;
    private bool valid;
    private bool positioned;

    public bool Valid => valid;

    public ReadOnlySpan<byte> Key => buffer.AsSpan(0, bufferLength)[key];

    public bool IsTombstone => (flags & IndexCodec.TombstoneFlag) != 0;

    public bool Hidden => (flags & IndexCodec.HiddenFlag) != 0;

    public ReadOnlySpan<byte> Summary => buffer.AsSpan(0, bufferLength)[summary];

    public void Seek(ReadOnlySpan<byte> target)
    {
        if (positioned && (!valid || Utf8Keys.Compare(Key, target) >= 0))
        {
            return;
        }

        positioned = true;
        if (segment.Blocks == 0)
        {
            valid = false;
            return;
        }

        // Beyond the current block (or none loaded yet): jump straight to the block that may hold the target.
        var inCurrentBlock = block >= 0 && (block + 1 >= segment.Blocks || Utf8Keys.Compare(target, segment.FirstKey(block + 1)) < 0);
        if (!inCurrentBlock)
        {
            Load(segment.FindBlock(target));
        }

        while (valid && Utf8Keys.Compare(Key, target) < 0)
        {
            Next();
        }
    }

    public void Next()
    {
        position = next;
        if (position < bufferLength)
        {
            Decode();
        }
        else if (block + 1 < segment.Blocks)
        {
            Load(block + 1);
        }
        else
        {
            valid = false;
            Return();
        }
    }

    public void Dispose() => Return();

    private void Load(int index)
    {
        Return();
        buffer = segment.ReadBlock(index, out bufferLength);
        block = index;
        position = 0;
        Decode();
    }

    private void Decode()
    {
        next = position;
        if (!IndexCodec.TryReadRecord(buffer.AsSpan(0, bufferLength), ref next, out key, out flags, out summary))
        {
            throw new InvalidDataException($"Index segment {segment.Path} has a malformed record in block {block}.");
        }

        valid = true;
    }

    private void Return()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
            bufferLength = 0;
        }
    }
}
