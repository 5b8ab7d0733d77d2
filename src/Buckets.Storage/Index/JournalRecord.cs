using System.IO.Hashing;

namespace Buckets.Storage;

/// <summary>
/// One change in a bucket index's journal. On disk:
/// <c>payloadLength u32 | payload | XxHash32(payloadLength, payload) u32</c>, where the payload is
/// <c>kind u8 | documentHash u64 | hidden u8 | varint keyLength | key | varint summaryLength | summary</c>.
/// <paramref name="DocumentHash"/> is the XxHash64 of the metadata document written (0 for a delete): recovery
/// compares it with the document on disk to tell whether the write this record announced reached its rename.
/// </summary>
internal readonly record struct JournalRecord(JournalRecordKind Kind, ulong DocumentHash, bool Hidden, byte[] Key, byte[] Summary)
{
    private const int HeaderBytes = 4;
    private const int ChecksumBytes = 4;

    // Anything longer is a torn length field, not a record: keys and summaries are bounded far below this.
    private const int MaxPayloadBytes = 1 << 20;

    public static JournalRecord For(byte[] key, ReadOnlySpan<byte> document, IndexEntry? entry) => entry is { } e
        ? new JournalRecord(JournalRecordKind.Put, XxHash64.HashToUInt64(document), e.Hidden, key, e.Summary.ToArray())
        : new JournalRecord(JournalRecordKind.Remove, XxHash64.HashToUInt64(document), false, key, []);

    public static JournalRecord Deleted(byte[] key) => new(JournalRecordKind.Delete, 0, false, key, []);

    /// <summary>The value the memtable takes for this record.</summary>
    public IndexValue Value => Kind == JournalRecordKind.Put ? IndexValue.Of(false, Hidden, Summary) : IndexValue.Tombstone;

    public byte[] Encode()
    {
        var payload = 1 + 8 + 1 + IndexCodec.VarintSize((uint)Key.Length) + Key.Length + IndexCodec.VarintSize((uint)Summary.Length) + Summary.Length;
        var bytes = new byte[HeaderBytes + payload + ChecksumBytes];
        IndexCodec.WriteUInt32(bytes, (uint)payload);
        var at = HeaderBytes;
        bytes[at++] = (byte)Kind;
        IndexCodec.WriteUInt64(bytes.AsSpan(at), DocumentHash);
        at += 8;
        bytes[at++] = Hidden ? (byte)1 : (byte)0;
        at += IndexCodec.WriteVarint(bytes.AsSpan(at), (uint)Key.Length);
        Key.CopyTo(bytes, at);
        at += Key.Length;
        at += IndexCodec.WriteVarint(bytes.AsSpan(at), (uint)Summary.Length);
        Summary.CopyTo(bytes, at);
        at += Summary.Length;
        IndexCodec.WriteUInt32(bytes.AsSpan(at), XxHash32.HashToUInt32(bytes.AsSpan(0, at)));
        return bytes;
    }

    /// <summary>
    /// The records of a journal file in order, up to the first that is incomplete or fails its checksum: the torn
    /// tail of a crash (a record whose write had not finished cannot have been acknowledged).
    /// </summary>
    public static List<JournalRecord> ReadAll(ReadOnlySpan<byte> journal)
    {
        var records = new List<JournalRecord>();
        var at = 0;
        while (journal.Length - at >= HeaderBytes + ChecksumBytes)
        {
            var payload = IndexCodec.ReadUInt32(journal[at..]);
            if (payload > MaxPayloadBytes || payload > journal.Length - at - HeaderBytes - ChecksumBytes)
            {
                break;
            }

            var end = at + HeaderBytes + (int)payload;
            if (IndexCodec.ReadUInt32(journal[end..]) != XxHash32.HashToUInt32(journal[at..end]) || !TryDecode(journal[(at + HeaderBytes)..end], out var record))
            {
                break;
            }

            records.Add(record);
            at = end + ChecksumBytes;
        }

        return records;
    }

    private static bool TryDecode(ReadOnlySpan<byte> payload, out JournalRecord record)
    {
        record = default;
        if (payload.Length < 10 || payload[0] is < (byte)JournalRecordKind.Put or > (byte)JournalRecordKind.Delete)
        {
            return false;
        }

        var kind = (JournalRecordKind)payload[0];
        var documentHash = IndexCodec.ReadUInt64(payload[1..]);
        var hidden = payload[9] != 0;
        var at = 10;
        if (!IndexCodec.TryReadVarint(payload, ref at, out var keyLength) || keyLength > payload.Length - at)
        {
            return false;
        }

        var key = payload.Slice(at, (int)keyLength).ToArray();
        at += (int)keyLength;
        if (!IndexCodec.TryReadVarint(payload, ref at, out var summaryLength) || summaryLength != payload.Length - at)
        {
            return false;
        }

        record = new JournalRecord(kind, documentHash, hidden, key, payload[at..].ToArray());
        return true;
    }
}
