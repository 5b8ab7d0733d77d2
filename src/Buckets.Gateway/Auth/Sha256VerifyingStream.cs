using Buckets.Gateway.Checksums;

namespace Buckets.Gateway.Auth;

/// <summary>
/// A plain body signed by its SHA-256 (x-amz-content-sha256 holding a hash): the read that reaches the end
/// throws <c>XAmzContentSHA256Mismatch</c> when the body is not the one that was signed.
/// </summary>
public sealed class Sha256VerifyingStream : Stream
{
    private readonly DigestVerifyingStream _inner;

    /// <param name="inner">The request body; left open when this stream is disposed.</param>
    /// <param name="sha256Hex">The signed hash, 64 hex digits.</param>
    /// <param name="expectedLength">Content-Length when known, so the check runs as the last byte arrives.</param>
    public Sha256VerifyingStream(Stream inner, string sha256Hex, long? expectedLength = null)
    {
        _inner = DigestVerifyingStream.ForContentSha256(inner, sha256Hex, expectedLength, leaveOpen: true);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => _inner.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
