using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Buckets.Abstractions;

namespace Buckets.Grains.Listing;

/// <summary>
/// The listing summary a metadata write leaves in each disk's index: the object's versions as a listing shows them,
/// newest first, behind a stamp (the document's modification time) that orders two disks' differing summaries.
/// Binary, because a page decodes thousands of them. Two disks holding the same document hold identical bytes.
/// </summary>
/// <remarks>Format 1: byte 1, int64 stamp (UTC ticks), int32 count, then per version: byte flags (1 = delete marker),
/// string version id (empty = the null version), int64 UTC ticks, int64 size, string ETag; strings are int32 length +
/// UTF-8; all integers big-endian.</remarks>
public static class ObjectSummaryCodec
{
    private const byte Format = 1;
    private const byte DeleteMarkerFlag = 1;

    public static byte[] Encode(DateTimeOffset stamp, IReadOnlyList<VersionSummary> versions)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (versions.Count * 96));
        buffer.GetSpan(1)[0] = Format;
        buffer.Advance(1);
        WriteInt64(buffer, stamp.UtcTicks);
        WriteInt32(buffer, versions.Count);
        foreach (var version in versions)
        {
            buffer.GetSpan(1)[0] = version.IsDeleteMarker ? DeleteMarkerFlag : (byte)0;
            buffer.Advance(1);
            WriteString(buffer, version.VersionId ?? string.Empty);
            WriteInt64(buffer, version.LastModified.UtcTicks);
            WriteInt64(buffer, version.Size);
            WriteString(buffer, version.ETag);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The stamp alone, without decoding the versions: what the listing merge orders by.</summary>
    public static long Stamp(ReadOnlySpan<byte> summary)
    {
        Check(summary);
        return BinaryPrimitives.ReadInt64BigEndian(summary[1..]);
    }

    public static VersionSummary[] Decode(ReadOnlySpan<byte> summary)
    {
        Check(summary);
        var reader = summary[9..];
        var count = ReadInt32(ref reader);
        if (count < 0 || count > reader.Length)
        {
            throw new InvalidDataException("A listing summary names an impossible number of versions.");
        }

        var versions = new VersionSummary[count];
        for (var i = 0; i < count; i++)
        {
            var flags = Take(ref reader, 1)[0];
            var versionId = ReadString(ref reader);
            var modified = new DateTimeOffset(ReadInt64(ref reader), TimeSpan.Zero);
            var size = ReadInt64(ref reader);
            var etag = ReadString(ref reader);
            versions[i] = new VersionSummary(versionId.Length == 0 ? null : versionId, (flags & DeleteMarkerFlag) != 0, modified, size, etag);
        }

        return versions;
    }

    private static void Check(ReadOnlySpan<byte> summary)
    {
        if (summary.Length < 13 || summary[0] != Format)
        {
            throw new InvalidDataException("A listing summary is damaged or of an unknown format.");
        }
    }

    private static void WriteInt32(ArrayBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(buffer, length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> reader, int length)
    {
        if (length < 0 || length > reader.Length)
        {
            throw new InvalidDataException("A listing summary ends early.");
        }

        var taken = reader[..length];
        reader = reader[length..];
        return taken;
    }

    private static int ReadInt32(ref ReadOnlySpan<byte> reader) => BinaryPrimitives.ReadInt32BigEndian(Take(ref reader, 4));

    private static long ReadInt64(ref ReadOnlySpan<byte> reader) => BinaryPrimitives.ReadInt64BigEndian(Take(ref reader, 8));

    private static string ReadString(ref ReadOnlySpan<byte> reader) => Encoding.UTF8.GetString(Take(ref reader, ReadInt32(ref reader)));
}
