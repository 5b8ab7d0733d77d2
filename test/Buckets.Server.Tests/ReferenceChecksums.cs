using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Buckets.Server.Tests;

/// <summary>
/// S3's flexible checksums computed from their definitions (bit by bit for the CRCs), base64 of the big-endian value
/// as S3 sends it: what a test expects, sharing no code with the server.
/// </summary>
public static class ReferenceChecksums
{
    public static string Base64(string algorithm, byte[] data) => Convert.ToBase64String(algorithm switch
    {
        "CRC32" => Crc32(data, 0xEDB88320u),
        "CRC32C" => Crc32(data, 0x82F63B78u),
        "CRC64NVME" => Crc64Nvme(data),
        "SHA1" => SHA1.HashData(data),
        "SHA256" => SHA256.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    });

    private static byte[] Crc32(byte[] data, uint reflectedPolynomial)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ reflectedPolynomial : crc >> 1;
            }
        }

        var result = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(result, ~crc);
        return result;
    }

    private static byte[] Crc64Nvme(byte[] data)
    {
        const ulong reflectedPolynomial = 0x9A6C9329AC4BC9B5ul;
        var crc = ulong.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ reflectedPolynomial : crc >> 1;
            }
        }

        var result = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(result, ~crc);
        return result;
    }
}
