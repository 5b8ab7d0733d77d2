using System.IO.Hashing;

namespace Buckets.Storage;

/// <summary>
/// The fixed-size end of a segment file: where its block index is, what it counts, and a checksum of itself.
/// <c>magic u64 | version u32 | blocks u32 | indexOffset u64 | indexLength u32 | indexChecksum u32 | entries u64 |
/// tombstones u64 | footerChecksum u32</c>, little-endian; checksums are XxHash32.
/// </summary>
internal readonly record struct SegmentFooter(int Blocks, long IndexOffset, int IndexLength, uint IndexChecksum, long Entries, long Tombstones)
{
    public const int Size = 52;
    public const uint CurrentVersion = 1;
    private const ulong Magic = 0x31305844494B4342; // the bytes "BCKIDX01", little-endian

    public void Write(Span<byte> destination)
    {
        IndexCodec.WriteUInt64(destination, Magic);
        IndexCodec.WriteUInt32(destination[8..], CurrentVersion);
        IndexCodec.WriteUInt32(destination[12..], (uint)Blocks);
        IndexCodec.WriteUInt64(destination[16..], (ulong)IndexOffset);
        IndexCodec.WriteUInt32(destination[24..], (uint)IndexLength);
        IndexCodec.WriteUInt32(destination[28..], IndexChecksum);
        IndexCodec.WriteUInt64(destination[32..], (ulong)Entries);
        IndexCodec.WriteUInt64(destination[40..], (ulong)Tombstones);
        IndexCodec.WriteUInt32(destination[48..], XxHash32.HashToUInt32(destination[..48]));
    }

    public static SegmentFooter Read(ReadOnlySpan<byte> source, long fileLength, string path)
    {
        if (source.Length != Size
            || IndexCodec.ReadUInt64(source) != Magic
            || IndexCodec.ReadUInt32(source[48..]) != XxHash32.HashToUInt32(source[..48]))
        {
            throw new InvalidDataException($"Index segment {path} has no valid footer.");
        }

        if (IndexCodec.ReadUInt32(source[8..]) != CurrentVersion)
        {
            throw new InvalidDataException($"Index segment {path} has format version {IndexCodec.ReadUInt32(source[8..])}; this server reads {CurrentVersion}.");
        }

        var footer = new SegmentFooter(
            (int)IndexCodec.ReadUInt32(source[12..]),
            (long)IndexCodec.ReadUInt64(source[16..]),
            (int)IndexCodec.ReadUInt32(source[24..]),
            IndexCodec.ReadUInt32(source[28..]),
            (long)IndexCodec.ReadUInt64(source[32..]),
            (long)IndexCodec.ReadUInt64(source[40..]));
        if (footer.Blocks < 0 || footer.IndexLength < 0 || footer.IndexOffset < 0 || footer.IndexOffset + footer.IndexLength != fileLength - Size)
        {
            throw new InvalidDataException($"Index segment {path} has an inconsistent footer.");
        }

        return footer;
    }
}
