using System.Buffers.Binary;

namespace Buckets.Gateway.Checksums;

/// <summary>
/// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, initial value and final xor all ones), big-endian
/// like S3's <c>x-amz-checksum-crc64nvme</c>. System.IO.Hashing 10.0 only has CRC-64/ECMA-182, so this is
/// slice-by-8 over eight 256-entry tables.
/// </summary>
public sealed class Crc64NvmeChecksum : IIncrementalChecksum
{
    private const ulong ReflectedPolynomial = 0x9A6C9329AC4BC9B5;

    private static readonly ulong[] Table = BuildTable();

    private ulong _state = ulong.MaxValue;

    public int HashLengthInBytes => 8;

    public void Append(ReadOnlySpan<byte> data)
    {
        var table = Table.AsSpan();
        var crc = _state;
        while (data.Length >= 8)
        {
            crc ^= BinaryPrimitives.ReadUInt64LittleEndian(data);
            crc = table[(7 * 256) + (int)(crc & 0xFF)]
                ^ table[(6 * 256) + (int)((crc >> 8) & 0xFF)]
                ^ table[(5 * 256) + (int)((crc >> 16) & 0xFF)]
                ^ table[(4 * 256) + (int)((crc >> 24) & 0xFF)]
                ^ table[(3 * 256) + (int)((crc >> 32) & 0xFF)]
                ^ table[(2 * 256) + (int)((crc >> 40) & 0xFF)]
                ^ table[256 + (int)((crc >> 48) & 0xFF)]
                ^ table[(int)(crc >> 56)];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = table[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }

        _state = crc;
    }

    public int GetHashAndReset(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, ~_state);
        _state = ulong.MaxValue;
        return 8;
    }

    public void Dispose()
    {
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[8 * 256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ulong)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }

            table[i] = crc;
        }

        // Table k advances a byte through k further zero bytes, so eight bytes fold in one step.
        for (var k = 1; k < 8; k++)
        {
            for (var i = 0; i < 256; i++)
            {
                var previous = table[((k - 1) * 256) + i];
                table[(k * 256) + i] = (previous >> 8) ^ table[(int)(previous & 0xFF)];
            }
        }

        return table;
    }
}
