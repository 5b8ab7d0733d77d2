namespace Buckets.Gateway.Checksums;

/// <summary>The additional checksums S3 accepts in <c>x-amz-checksum-*</c> headers and trailers.</summary>
public enum ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Crc64Nvme,
    Sha1,
    Sha256,
}
