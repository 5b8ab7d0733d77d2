namespace Buckets.Gateway.Tests;

/// <summary>A body that arrives a few bytes per read, so every framing element straddles reads somewhere.</summary>
internal sealed class TrickleStream(byte[] data, int maxPerRead) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => data.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Vary the step so boundaries land at every offset of a CRLF or a header.
        var step = Math.Min(Math.Min(buffer.Length, data.Length - _position), 1 + (_position % maxPerRead));
        data.AsSpan(_position, step).CopyTo(buffer);
        _position += step;
        return step;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
