using System.Runtime.CompilerServices;

namespace Buckets.Erasure;

/// <summary>
/// Reads shard blocks from one shard stream at their offsets: by seeking when the stream can, by reading
/// forward otherwise. A stream that is absent, ends early or throws is marked failed and never asked again.
/// </summary>
internal sealed class ShardReader(Stream? stream)
{
    private long position;

    public bool Failed { get; private set; } = stream is null;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (Failed || stream is null)
        {
            return false;
        }

        try
        {
            if (stream.CanSeek)
            {
                if (stream.Position != offset)
                {
                    stream.Position = offset;
                }
            }
            else if (!await SkipToAsync(offset, destination, cancellationToken).ConfigureAwait(false))
            {
                Failed = true;
                return false;
            }

            var read = await stream.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, cancellationToken)
                .ConfigureAwait(false);
            position = offset + read;
            if (read < destination.Length)
            {
                Failed = true;
                return false;
            }

            return true;
        }
        catch (Exception exception) when (exception is IOException or NotSupportedException or ObjectDisposedException)
        {
            Failed = true;
            return false;
        }
    }

    /// <summary>Reads and drops bytes up to <paramref name="offset"/>, using the destination as scratch.</summary>
    private async ValueTask<bool> SkipToAsync(long offset, Memory<byte> scratch, CancellationToken cancellationToken)
    {
        if (offset < position)
        {
            return false;
        }

        while (position < offset)
        {
            var chunk = (int)Math.Min(scratch.Length, offset - position);
            var read = await stream!.ReadAsync(scratch[..chunk], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            position += read;
        }

        return true;
    }
}
