using System.Security.Cryptography;

namespace Buckets.Gateway.Checksums;

/// <summary>SHA-1, SHA-256 or MD5 as an <see cref="IIncrementalChecksum"/>.</summary>
public sealed class HashAlgorithmChecksum(HashAlgorithmName algorithm) : IIncrementalChecksum
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(algorithm);

    public HashAlgorithmName Algorithm { get; } = algorithm;

    public int HashLengthInBytes => _hash.HashLengthInBytes;

    public void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    public int GetHashAndReset(Span<byte> destination) => _hash.GetHashAndReset(destination);

    public void Dispose() => _hash.Dispose();
}
