using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Buckets.Erasure;

/// <summary>
/// Turns an object stream into K+M shard streams of checksummed shard blocks (see <see cref="ErasureLayout"/>).
/// Memory is one pooled stripe of (K+M) shard blocks whatever the object size; the source is read straight
/// into the data shards, so a byte is copied once on its way in and once on its way out.
/// </summary>
public sealed class ErasureEncoder
{
    private readonly ReedSolomon codec;

    public ErasureEncoder(ErasureLayout layout, GaloisKernelKind? kernel = null)
    {
        Layout = layout;
        codec = new ReedSolomon(layout.DataShards, layout.ParityShards, kernel);
    }

    public ErasureLayout Layout { get; }

    /// <summary>Reads <paramref name="source"/> to its end into the shard streams; returns the object size.</summary>
    public async Task<long> EncodeAsync(Stream source, IReadOnlyList<Stream> shardStreams, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(shardStreams);
        if (shardStreams.Count != Layout.TotalShards)
        {
            throw new ArgumentException($"Expected {Layout.TotalShards} shard streams, got {shardStreams.Count}.", nameof(shardStreams));
        }

        var stripe = new ShardStripe(Layout);
        var writes = ArrayPool<ValueTask>.Shared.Rent(Layout.TotalShards);
        try
        {
            long size = 0;
            for (long block = 0; ; block++)
            {
                var length = await ReadBlockAsync(source, stripe, cancellationToken).ConfigureAwait(false);
                if (length == 0)
                {
                    break;
                }

                size += length;
                var shardSize = stripe.Seal(length);
                stripe.Encode(codec, block, shardSize);
                await WriteAsync(shardStreams, stripe, shardSize, afterFullBlock: block > 0, writes, cancellationToken).ConfigureAwait(false);
                if (length < Layout.BlockSize)
                {
                    break;
                }
            }

            return size;
        }
        finally
        {
            ArrayPool<ValueTask>.Shared.Return(writes, clearArray: true);
            stripe.Dispose();
        }
    }

    /// <summary>Fills the data shards at full-block stride; returns the bytes read (less than a block at the end).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadBlockAsync(Stream source, ShardStripe stripe, CancellationToken cancellationToken)
    {
        var total = 0;
        var fullShard = Layout.FullShardSize;
        for (var shard = 0; shard < Layout.DataShards; shard++)
        {
            var want = Math.Clamp(Layout.BlockSize - (shard * fullShard), 0, fullShard);
            if (want == 0)
            {
                break;
            }

            var read = await source.ReadAtLeastAsync(stripe.Data(shard, want), want, throwOnEndOfStream: false, cancellationToken)
                .ConfigureAwait(false);
            total += read;
            if (read < want)
            {
                break;
            }
        }

        return total;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WriteAsync(
        IReadOnlyList<Stream> shardStreams, ShardStripe stripe, int shardSize, bool afterFullBlock, ValueTask[] writes, CancellationToken cancellationToken)
    {
        // Every write is started before any is awaited so the streams work in parallel; all are awaited even
        // after a failure, because the stripe goes back to the pool only once no write can still touch it.
        for (var shard = 0; shard < shardStreams.Count; shard++)
        {
            try
            {
                // The padding of an aligned layout goes in front of the next block rather than after this one:
                // the stream then ends with the last block's bytes, whether or not that block was full.
                var shardBlock = afterFullBlock ? stripe.PaddingAndShardBlock(shard, shardSize) : stripe.ShardBlock(shard, shardSize);
                writes[shard] = shardStreams[shard].WriteAsync(shardBlock, cancellationToken);
            }
            catch (Exception exception)
            {
                writes[shard] = ValueTask.FromException(exception);
            }
        }

        Exception? failure = null;
        for (var shard = 0; shard < shardStreams.Count; shard++)
        {
            try
            {
                await writes[shard].ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                failure ??= exception;
            }
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
