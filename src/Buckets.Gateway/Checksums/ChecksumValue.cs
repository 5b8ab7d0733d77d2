namespace Buckets.Gateway.Checksums;

/// <summary>A checksum as S3 stores and returns it: the algorithm and the base64 of its bytes.</summary>
public readonly record struct ChecksumValue(ChecksumAlgorithm Algorithm, string Base64)
{
    public string HeaderName => ChecksumAlgorithms.HeaderName(Algorithm);
}
