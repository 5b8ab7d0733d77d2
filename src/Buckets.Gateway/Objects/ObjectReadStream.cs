namespace Buckets.Gateway.Objects;

/// <summary>
/// A stored object as a read-only stream (see <see cref="ObjectReader"/>), for code that consumes streams, such
/// as the writer of a copy. Asynchronous reads only: a synchronous one would block a thread on grain calls.
/// </summary>
public sealed class ObjectReadStream(IAsyncEnumerable<ReadOnlyMemory<byte>> pieces, long length) : Stream
{
    private readonly IAsyncEnumerator<ReadOnlyMemory<byte>> _pieces = pieces.GetAsyncEnumerator();
    private ReadOnlyMemory<byte> _current;
    private long _position;
    private bool _ended;
    private bool _disposed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        while (_current.IsEmpty)
        {
            if (_ended || !await _pieces.MoveNextAsync())
            {
                _ended = true;
                return 0;
            }

            _current = _pieces.Current;
        }

        var count = Math.Min(buffer.Length, _current.Length);
        _current[..count].CopyTo(buffer);
        _current = _current[count..];
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("An object stream is read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _current = default;
            await _pieces.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    // A synchronous Dispose cannot await the enumerator: its blocks then miss the pool and go to the GC, which is
    // only slower. Callers use await using.
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
