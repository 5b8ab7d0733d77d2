namespace Buckets.Erasure.Tests;

/// <summary>
/// A seekable read-only stream over fixed bytes whose reads can be made to fail or to wait for the test: a
/// stand-in for a slow or failing disk.
/// </summary>
internal sealed class ScriptedStream(byte[] bytes) : Stream
{
    private readonly MemoryStream inner = new(bytes, writable: false);
    private int readsInFlight;

    /// <summary>When set, every read throws it.</summary>
    public Exception? Failure { get; init; }

    /// <summary>When set, every read waits for it before copying bytes.</summary>
    public Task? Gate { get; init; }

    /// <summary>Completes when a read has started (and is waiting at <see cref="Gate"/>).</summary>
    public TaskCompletionSource ReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ReadsInFlight => Volatile.Read(ref readsInFlight);

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        Failure is null ? inner.Read(buffer, offset, count) : throw Failure;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        Interlocked.Increment(ref readsInFlight);
        try
        {
            ReadStarted.TrySetResult();
            if (Gate is not null)
            {
                await Gate.ConfigureAwait(false);
            }

            return inner.Read(buffer.Span);
        }
        finally
        {
            Interlocked.Decrement(ref readsInFlight);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
