using System.Buffers.Binary;
using System.IO.Hashing;

namespace Buckets.Gateway.Checksums;

/// <summary>CRC-32 (ISO-HDLC, the zlib one), big-endian like S3's <c>x-amz-checksum-crc32</c>.</summary>
public sealed class Crc32Checksum : IIncrementalChecksum
{
    private readonly Crc32 _crc = new();

    public int HashLengthInBytes => 4;

    public void Append(ReadOnlySpan<byte> data) => _crc.Append(data);

    public int GetHashAndReset(Span<byte> destination)
    {
        // System.IO.Hashing writes its CRC bytes little-endian; S3 sends the value big-endian.
        BinaryPrimitives.WriteUInt32BigEndian(destination, _crc.GetCurrentHashAsUInt32());
        _crc.Reset();
        return 4;
    }

    public void Dispose()
    {
    }
}
