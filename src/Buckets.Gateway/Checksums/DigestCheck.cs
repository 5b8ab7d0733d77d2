using Buckets.Gateway.Errors;

namespace Buckets.Gateway.Checksums;

/// <summary>
/// One digest a <see cref="DigestVerifyingStream"/> keeps over the body: compared at the end with what the
/// client declared (failing with <see cref="Error"/>), or only computed when nothing was declared.
/// </summary>
public sealed class DigestCheck(IIncrementalChecksum checksum, byte[]? expected, S3ErrorCode error, string? message = null)
{
    public IIncrementalChecksum Checksum { get; } = checksum;

    public byte[]? Expected { get; } = expected;

    public S3ErrorCode Error { get; } = error;

    public string? Message { get; } = message;

    /// <summary>The digest of the whole body, once the stream has been read to its end.</summary>
    public byte[]? Result { get; private set; }

    /// <summary>Whether the reader of the stream computes this digest itself (see <see cref="DigestVerifyingStream.DeferMd5"/>).</summary>
    internal bool IsDeferred { get; set; }

    internal void Complete()
    {
        var result = new byte[Checksum.HashLengthInBytes];
        Checksum.GetHashAndReset(result);
        Complete(result);
    }

    internal void Complete(byte[] result)
    {
        Result = result;
        if (Expected is not null && !result.AsSpan().SequenceEqual(Expected))
        {
            throw new S3Exception(Error, Message);
        }
    }
}
