using Buckets.Gateway.Errors;
using Buckets.Hashing;

namespace Buckets.Gateway.Checksums;

/// <summary>
/// Passes a body through while it computes digests over it, and fails the read that reaches the end when
/// one does not match what the client declared (the signed x-amz-content-sha256, Content-MD5, an
/// x-amz-checksum-* header) or when the body is not the length it declared. With a known length the check
/// runs before the last bytes are returned, so even a reader that stops at the length gets the verdict.
/// </summary>
public sealed class DigestVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly long? _expectedLength;
    private readonly IReadOnlyList<DigestCheck> _checks;
    private readonly bool _leaveOpen;
    private long _position;
    private bool _completed;
    private S3Exception? _failure;

    public DigestVerifyingStream(Stream inner, long? expectedLength, IReadOnlyList<DigestCheck> checks, bool leaveOpen = false)
    {
        _inner = inner;
        _expectedLength = expectedLength;
        _checks = checks;
        _leaveOpen = leaveOpen;
    }

    /// <summary>A body whose SHA-256 must be <paramref name="sha256Hex"/>, as signed in x-amz-content-sha256.</summary>
    public static DigestVerifyingStream ForContentSha256(Stream inner, string sha256Hex, long? expectedLength, bool leaveOpen = false)
        => new(inner, expectedLength, [ContentSha256Check(sha256Hex)], leaveOpen);

    public static DigestCheck ContentSha256Check(string sha256Hex)
        => new(new HashAlgorithmChecksum(System.Security.Cryptography.HashAlgorithmName.SHA256), Convert.FromHexString(sha256Hex),
            S3ErrorCode.XAmzContentSHA256Mismatch);

    public IReadOnlyList<DigestCheck> Checks => _checks;

    /// <summary>
    /// Hands the stream's MD5 check to its reader, to be computed beside other streams' off the reading thread: the
    /// reader feeds every byte it reads, in order, from buffers it keeps unchanged until they are hashed, and completes
    /// the check once it has read the whole body. Null when there is no MD5 to compute, the stream has been read from,
    /// or this CPU cannot hash streams side by side.
    /// </summary>
    public DeferredMd5? DeferMd5()
    {
        if (_position != 0 || _completed || !Md5Lanes.IsAccelerated)
        {
            return null;
        }

        foreach (var check in _checks)
        {
            if (!check.IsDeferred && check.Checksum is HashAlgorithmChecksum { Algorithm.Name: "MD5" })
            {
                check.IsDeferred = true;
                return new DeferredMd5(check, Md5Lanes.Shared.Create());
            }
        }

        return null;
    }

    public bool IsCompleted => _completed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _expectedLength ?? throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfFailed();
        if (_completed || buffer.IsEmpty)
        {
            return 0;
        }

        var read = _inner.Read(buffer);
        try
        {
            return OnRead(buffer[..read]);
        }
        catch (S3Exception error)
        {
            _failure = error;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        if (_completed || buffer.IsEmpty)
        {
            return 0;
        }

        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        try
        {
            return OnRead(buffer.Span[..read]);
        }
        catch (S3Exception error)
        {
            _failure = error;
            throw;
        }
    }

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
            foreach (var check in _checks)
            {
                check.Checksum.Dispose();
            }

            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int OnRead(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            if (_expectedLength is { } expected && _position != expected)
            {
                throw new S3Exception(S3ErrorCode.IncompleteBody);
            }

            Complete();
            return 0;
        }

        foreach (var check in _checks)
        {
            if (!check.IsDeferred)
            {
                check.Checksum.Append(data);
            }
        }

        _position += data.Length;
        if (_expectedLength is { } length)
        {
            if (_position > length)
            {
                throw new S3Exception(S3ErrorCode.IncompleteBody, "The body is longer than the Content-Length HTTP header.");
            }

            if (_position == length)
            {
                Complete();
            }
        }

        return data.Length;
    }

    private void Complete()
    {
        _completed = true;
        foreach (var check in _checks)
        {
            if (!check.IsDeferred)
            {
                check.Complete();
            }
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new S3Exception(_failure.Error, _failure.Message);
        }
    }
}
