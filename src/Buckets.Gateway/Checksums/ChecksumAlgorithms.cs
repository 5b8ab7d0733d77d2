namespace Buckets.Gateway.Checksums;

/// <summary>Names, sizes and implementations of the S3 checksum algorithms.</summary>
public static class ChecksumAlgorithms
{
    public const string HeaderPrefix = "x-amz-checksum-";

    public static IIncrementalChecksum Create(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => new Crc32Checksum(),
        ChecksumAlgorithm.Crc32C => new Crc32CChecksum(),
        ChecksumAlgorithm.Crc64Nvme => new Crc64NvmeChecksum(),
        ChecksumAlgorithm.Sha1 => new HashAlgorithmChecksum(System.Security.Cryptography.HashAlgorithmName.SHA1),
        ChecksumAlgorithm.Sha256 => new HashAlgorithmChecksum(System.Security.Cryptography.HashAlgorithmName.SHA256),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    public static int HashLength(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C => 4,
        ChecksumAlgorithm.Crc64Nvme => 8,
        ChecksumAlgorithm.Sha1 => 20,
        ChecksumAlgorithm.Sha256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>The name S3 uses in <c>x-amz-sdk-checksum-algorithm</c> and in responses: CRC32, CRC64NVME, ...</summary>
    public static string Name(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "CRC32",
        ChecksumAlgorithm.Crc32C => "CRC32C",
        ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        ChecksumAlgorithm.Sha1 => "SHA1",
        ChecksumAlgorithm.Sha256 => "SHA256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    public static string HeaderName(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "x-amz-checksum-crc32",
        ChecksumAlgorithm.Crc32C => "x-amz-checksum-crc32c",
        ChecksumAlgorithm.Crc64Nvme => "x-amz-checksum-crc64nvme",
        ChecksumAlgorithm.Sha1 => "x-amz-checksum-sha1",
        ChecksumAlgorithm.Sha256 => "x-amz-checksum-sha256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>Parses CRC32, crc32c, CRC64NVME, ... in any case.</summary>
    public static bool TryParseName(ReadOnlySpan<char> name, out ChecksumAlgorithm algorithm)
    {
        foreach (var candidate in All)
        {
            if (name.Equals(Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = default;
        return false;
    }

    /// <summary>Parses a header or trailer name such as <c>x-amz-checksum-crc32</c>, in any case.</summary>
    public static bool TryParseHeaderName(ReadOnlySpan<char> headerName, out ChecksumAlgorithm algorithm)
    {
        algorithm = default;
        return headerName.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase)
            && TryParseName(headerName[HeaderPrefix.Length..], out algorithm);
    }

    public static IReadOnlyList<ChecksumAlgorithm> All { get; } =
        [ChecksumAlgorithm.Crc32, ChecksumAlgorithm.Crc32C, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Sha1, ChecksumAlgorithm.Sha256];

    /// <summary>Decodes a base64 checksum that must be exactly the algorithm's length.</summary>
    public static bool TryDecode(ChecksumAlgorithm algorithm, ReadOnlySpan<char> base64, Span<byte> destination)
    {
        var length = HashLength(algorithm);
        Span<byte> decoded = stackalloc byte[64];
        return Convert.TryFromBase64Chars(base64, decoded, out var written)
            && written == length
            && decoded[..length].TryCopyTo(destination);
    }

    /// <summary>The checksum of a whole buffer, as base64.</summary>
    public static string ComputeBase64(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        using var checksum = Create(algorithm);
        checksum.Append(data);
        Span<byte> hash = stackalloc byte[64];
        var length = checksum.GetHashAndReset(hash);
        return Convert.ToBase64String(hash[..length]);
    }
}
