using System.Security.Cryptography;

namespace Buckets.Server.Tests;

/// <summary>
/// A seekable read-only stream of <see cref="SeededBytes"/> that hashes (SHA-256 and MD5) what it hands out as it goes:
/// the digests of what was actually uploaded, computed without holding it. A rewind to 0 (an SDK retry) starts them over.
/// </summary>
public sealed class SeededStream(ulong seed, long length) : Stream
{
    private IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private IncrementalHash md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private long position;
    private long hashed;
    private bool hashBroken;

    /// <summary>SHA-256 of the whole content, once it has been read through in order.</summary>
    public byte[]? Sha256 { get; private set; }

    public byte[]? Md5 { get; private set; }

    /// <summary>How many times the reader went back to the start.</summary>
    public int Rewinds { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - position);
        if (count <= 0)
        {
            return 0;
        }

        var slice = buffer[..count];
        SeededBytes.Fill(seed, position, slice);
        if (!hashBroken && position == hashed)
        {
            sha256.AppendData(slice);
            md5.AppendData(slice);
            hashed += count;
            if (hashed == length)
            {
                Sha256 = sha256.GetHashAndReset();
                Md5 = md5.GetHashAndReset();
            }
        }

        position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        if (target == 0 && position != 0)
        {
            Rewinds++;
            sha256.Dispose();
            md5.Dispose();
            sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            hashed = 0;
            hashBroken = false;
            Sha256 = null;
            Md5 = null;
        }
        else if (target != hashed)
        {
            hashBroken = hashed != length;
        }

        position = target;
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
