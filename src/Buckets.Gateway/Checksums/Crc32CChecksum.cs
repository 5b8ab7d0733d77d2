using System.Buffers.Binary;
using System.Numerics;

namespace Buckets.Gateway.Checksums;

/// <summary>
/// CRC-32C (Castagnoli), big-endian like S3's <c>x-amz-checksum-crc32c</c>. System.IO.Hashing 10.0 has no
/// Castagnoli variant, but <see cref="BitOperations.Crc32C(uint, ulong)"/> is the SSE4.2 / ARMv8 instruction.
/// </summary>
public sealed class Crc32CChecksum : IIncrementalChecksum
{
    private uint _state = uint.MaxValue;

    public int HashLengthInBytes => 4;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _state;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        _state = crc;
    }

    public int GetHashAndReset(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, ~_state);
        _state = uint.MaxValue;
        return 4;
    }

    public void Dispose()
    {
    }
}
