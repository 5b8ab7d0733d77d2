namespace Buckets.Gateway.Checksums;

/// <summary>
/// One running checksum over a body that arrives in pieces. Results are the bytes S3 base64-encodes on the
/// wire: CRCs big-endian, digests as they come.
/// </summary>
public interface IIncrementalChecksum : IDisposable
{
    int HashLengthInBytes { get; }

    void Append(ReadOnlySpan<byte> data);

    /// <summary>Writes the checksum of everything appended since the last reset and starts over.</summary>
    int GetHashAndReset(Span<byte> destination);
}
