using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Buckets.Erasure;

/// <summary>
/// Reads an object, or a byte range of it, back from its shard streams. For each block it reads only the data
/// shards that cover the range and checks their checksums; only when one is missing or corrupt does it read
/// further shards, parity last, and rebuild what the range needs. Memory is one pooled stripe.
/// </summary>
public sealed class ErasureDecoder
{
    private readonly ReedSolomon codec;

    public ErasureDecoder(ErasureLayout layout, GaloisKernelKind? kernel = null)
    {
        Layout = layout;
        codec = new ReedSolomon(layout.DataShards, layout.ParityShards, kernel);
    }

    public ErasureLayout Layout { get; }

    /// <summary>
    /// Writes bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) of the
    /// object to <paramref name="destination"/>; a null shard stream is a missing shard, and
    /// <paramref name="length"/> -1 reads to the end.
    /// </summary>
    public async Task<ErasureReadReport> DecodeAsync(
        IReadOnlyList<Stream?> shardStreams,
        long objectSize,
        Stream destination,
        long offset = 0,
        long length = -1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shardStreams);
        ArgumentNullException.ThrowIfNull(destination);
        if (shardStreams.Count != Layout.TotalShards)
        {
            throw new ArgumentException($"Expected {Layout.TotalShards} shard streams, got {shardStreams.Count}.", nameof(shardStreams));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(objectSize);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, objectSize);
        if (length == -1)
        {
            length = objectSize - offset;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, objectSize - offset);

        var readers = new ShardReader[Layout.TotalShards];
        for (var i = 0; i < readers.Length; i++)
        {
            readers[i] = new ShardReader(shardStreams[i]);
        }

        var state = new DecodeState(readers);
        if (length == 0)
        {
            return state.Report();
        }

        var stripe = new ShardStripe(Layout);
        try
        {
            var end = offset + length;
            var lastBlock = (end - 1) / Layout.BlockSize;
            for (var block = offset / Layout.BlockSize; block <= lastBlock; block++)
            {
                var blockStart = block * Layout.BlockSize;
                var blockLength = Layout.BlockLength(objectSize, block);
                var from = (int)(Math.Max(offset, blockStart) - blockStart);
                var to = (int)(Math.Min(end, blockStart + blockLength) - blockStart);
                await DecodeBlockAsync(state, stripe, block, blockLength, from, to, destination, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            stripe.Dispose();
        }

        return state.Report();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DecodeBlockAsync(
        DecodeState state,
        ShardStripe stripe,
        long block,
        int blockLength,
        int from,
        int to,
        Stream destination,
        CancellationToken cancellationToken)
    {
        var shardSize = Layout.ShardSize(blockLength);
        var firstShard = from / shardSize;
        var lastShard = (to - 1) / shardSize;
        var tried = default(ShardSet);
        var good = default(ShardSet);

        // First the data shards under the range; only if one of them fails, the untried shards in order,
        // data before parity, until K good ones are in hand.
        var (scanFrom, scanTo) = (firstShard, lastShard + 1);
        var needed = scanTo - scanFrom;
        while (true)
        {
            var launched = 0;
            for (var shard = scanFrom; shard < scanTo && launched < needed; shard++)
            {
                if (tried.Contains(shard))
                {
                    continue;
                }

                tried = tried.With(shard);
                if (!state.Readers[shard].Failed)
                {
                    state.Launched[launched] = shard;
                    state.Reads[launched] = state.Readers[shard].ReadAsync(
                        Layout.ShardBlockOffset(block), stripe.ShardBlock(shard, shardSize), cancellationToken);
                    launched++;
                }
            }

            // Every read started is awaited even after one throws: the stripe goes back to the pool when this
            // decode ends, and a read still running into it would corrupt the next decode that rents it.
            Exception? failure = null;
            for (var i = 0; i < launched; i++)
            {
                var shard = state.Launched[i];
                bool read;
                try
                {
                    read = await state.Reads[i].ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    failure ??= exception;
                    continue;
                }
                finally
                {
                    state.Reads[i] = default;
                }

                if (!read || failure is not null)
                {
                    continue;
                }

                if (stripe.Verify(shard, block, shardSize))
                {
                    good = good.With(shard);
                }
                else
                {
                    state.Corrupt = state.Corrupt.With(shard);
                }
            }

            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            if (Covers(good, firstShard, lastShard))
            {
                break;
            }

            if (good.Count >= Layout.DataShards)
            {
                var wanted = default(ShardSet);
                for (var shard = firstShard; shard <= lastShard; shard++)
                {
                    if (!good.Contains(shard))
                    {
                        wanted = wanted.With(shard);
                    }
                }

                stripe.Reconstruct(codec, good, wanted, shardSize);
                state.BlocksReconstructed++;
                break;
            }

            if (tried.Count == Layout.TotalShards)
            {
                throw TooFewShards(block, good);
            }

            (scanFrom, scanTo) = (0, Layout.TotalShards);
            needed = Layout.DataShards - good.Count;
        }

        state.BlocksRead++;
        for (var shard = firstShard; shard <= lastShard; shard++)
        {
            var shardStart = shard * shardSize;
            var start = Math.Max(from, shardStart);
            var stop = Math.Min(to, shardStart + shardSize);
            await destination.WriteAsync(stripe.Data(shard, shardSize)[(start - shardStart)..(stop - shardStart)], cancellationToken)
                .ConfigureAwait(false);
        }
    }

    // Kept out of DecodeBlockAsync: a lambda there would capture its locals into a closure allocated on
    // every call, error or not.
    private ErasureException TooFewShards(long block, ShardSet good)
    {
        var bad = Enumerable.Range(0, Layout.TotalShards).Where(s => !good.Contains(s)).ToArray();
        return new ErasureException(
            $"Block {block} cannot be read: only {good.Count} of {Layout.TotalShards} shards are good and " +
            $"{Layout.DataShards} are needed; missing or corrupt shards: {string.Join(", ", bad)}.",
            block,
            bad);
    }

    private static bool Covers(ShardSet good, int first, int last)
    {
        for (var shard = first; shard <= last; shard++)
        {
            if (!good.Contains(shard))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class DecodeState(ShardReader[] readers)
    {
        public ShardReader[] Readers { get; } = readers;

        /// <summary>The shard reads of one round, and which shard each one is for.</summary>
        public ValueTask<bool>[] Reads { get; } = new ValueTask<bool>[readers.Length];

        public int[] Launched { get; } = new int[readers.Length];

        public ShardSet Corrupt { get; set; }

        public long BlocksRead { get; set; }

        public long BlocksReconstructed { get; set; }

        public ErasureReadReport Report()
        {
            var missing = new List<int>();
            for (var i = 0; i < Readers.Length; i++)
            {
                if (Readers[i].Failed)
                {
                    missing.Add(i);
                }
            }

            return new ErasureReadReport(BlocksRead, BlocksReconstructed, Corrupt.ToArray(), missing);
        }
    }
}
