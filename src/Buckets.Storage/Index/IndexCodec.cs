using System.Buffers.Binary;

namespace Buckets.Storage;

/// <summary>
/// Byte-level pieces shared by the index's files: LEB128 varints and the key record
/// <c>varint keyLength | key | flags | varint summaryLength | summary</c> that segment blocks are made of.
/// </summary>
internal static class IndexCodec
{
    public const byte TombstoneFlag = 1;
    public const byte HiddenFlag = 2;

    public static int VarintSize(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int WriteVarint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a varint at <paramref name="position"/>, advancing it; false when the bytes end or are malformed.</summary>
    public static bool TryReadVarint(ReadOnlySpan<byte> source, ref int position, out uint value)
    {
        value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= source.Length)
            {
                return false;
            }

            var b = source[position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    public static int RecordSize(int keyLength, int summaryLength) =>
        VarintSize((uint)keyLength) + keyLength + 1 + VarintSize((uint)summaryLength) + summaryLength;

    public static int WriteRecord(Span<byte> destination, ReadOnlySpan<byte> key, byte flags, ReadOnlySpan<byte> summary)
    {
        var at = WriteVarint(destination, (uint)key.Length);
        key.CopyTo(destination[at..]);
        at += key.Length;
        destination[at++] = flags;
        at += WriteVarint(destination[at..], (uint)summary.Length);
        summary.CopyTo(destination[at..]);
        return at + summary.Length;
    }

    /// <summary>Decodes the record at <paramref name="position"/>; false when it does not fit in <paramref name="source"/>.</summary>
    public static bool TryReadRecord(ReadOnlySpan<byte> source, ref int position, out Range key, out byte flags, out Range summary)
    {
        key = default;
        summary = default;
        flags = 0;
        if (!TryReadVarint(source, ref position, out var keyLength) || keyLength > source.Length - position)
        {
            return false;
        }

        key = new Range(position, position + (int)keyLength);
        position += (int)keyLength;
        if (position >= source.Length)
        {
            return false;
        }

        flags = source[position++];
        if (!TryReadVarint(source, ref position, out var summaryLength) || summaryLength > source.Length - position)
        {
            return false;
        }

        summary = new Range(position, position + (int)summaryLength);
        position += (int)summaryLength;
        return true;
    }

    public static void WriteUInt32(Span<byte> destination, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(destination, value);

    public static void WriteUInt64(Span<byte> destination, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(destination, value);

    public static uint ReadUInt32(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadUInt32LittleEndian(source);

    public static ulong ReadUInt64(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadUInt64LittleEndian(source);
}
