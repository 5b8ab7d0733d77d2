using Buckets.Abstractions;
using Buckets.Erasure;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Errors;
using Buckets.Storage;

namespace Buckets.Gateway.Objects;

/// <summary>
/// Streams a body of known size to an erasure set block by block: reading the next block overlaps the encoding and
/// disk writes of the previous one. Memory is at most two blocks whatever the size. Used by PutObject and UploadPart.
/// <para>
/// A block is received straight into its data shard blocks, laid out as the erasure set writes them (aligned, each
/// after its checksum space), so the encoder adds parity and checksums in place instead of first copying the block.
/// </para>
/// </summary>
public static class BlockWriter
{
    private const int HashPiece = 64 << 10;

    /// <summary>Writes <paramref name="size"/> bytes of <paramref name="body"/> to the ticket's data dir; the disks that took every block.</summary>
    public static async Task<ulong> WriteAsync(
        Stream body, IGrainFactory grains, string bucket, string key, WriteTicket ticket, long size, CancellationToken cancel)
    {
        var set = grains.GetGrain<IErasureSetGrain>(ticket.SetIndex);
        var layout = new ErasureLayout(
            ticket.Layout.DataShards, ticket.Layout.ParityShards, ticket.Layout.BlockSize, Math.Max(1, ticket.Layout.ShardBlockAlignment));
        var blockSize = layout.BlockSize;
        var blocks = Math.Max(1, (size + blockSize - 1) / blockSize);
        var frameLength = layout.DataShards * layout.ShardBlockStride;
        // A second frame only for an object of several blocks: most objects fit one.
        ArraySegment<byte>[] frames =
        [
            AlignedBufferPool.Rent(frameLength, layout.ShardBlockAlignment),
            blocks > 1 ? AlignedBufferPool.Rent(frameLength, layout.ShardBlockAlignment) : default,
        ];
        Task[] hashing = [Task.CompletedTask, Task.CompletedTask];
        Task<ulong>? pending = null;

        // The body's MD5 is computed from the blocks while they are encoded and written, beside other uploads' MD5s.
        var md5 = (body as DigestVerifyingStream)?.DeferMd5();
        try
        {
            var mask = ulong.MaxValue;
            for (long block = 0; block < blocks; block++)
            {
                var length = (int)Math.Min(blockSize, size - (block * blockSize));
                var frame = frames[block % 2];

                // The frame being filled was last used two blocks ago: that write has been awaited, its hashing not yet.
                await hashing[block % 2];
                hashing[block % 2] = await ReadIntoShardsAsync(body, frame, layout, length, md5, cancel);
                if (pending is not null)
                {
                    mask &= await pending;
                }

                pending = set.WriteBlock(new BlockWrite(
                    bucket, key, ticket, block, new Immutable<byte[]>(frame.Array!), length, block == blocks - 1, InShards: true, frame.Offset));
            }

            // Every byte is queued: the MD5 finishes while the last block is written.
            var md5Checked = md5?.CompleteAsync() ?? Task.CompletedTask;
            mask &= await pending!;
            pending = null;
            await md5Checked;
            return mask;
        }
        finally
        {
            if (pending is not null)
            {
                // The block in flight still reads its buffer: let it finish before the pool gets the buffer back.
                try
                {
                    await pending;
                }
                catch (Exception)
                {
                    // The write is being abandoned; its failure changes nothing.
                }
            }

            // Hashing never fails, and it reads the buffers until it is done.
            await Task.WhenAll(hashing);
            foreach (var frame in frames)
            {
                if (frame.Array is { } array)
                {
                    AlignedBufferPool.Return(array);
                }
            }
        }
    }

    /// <summary>
    /// Reads a block of <paramref name="length"/> bytes into the data shard blocks of <paramref name="frame"/> (see
    /// <see cref="BlockWrite.InShards"/>), queueing its bytes for the MD5 as they come.
    /// </summary>
    /// <returns>The hashing of the block's last piece: the frame is read until it completes.</returns>
    private static async Task<Task> ReadIntoShardsAsync(
        Stream body, ArraySegment<byte> frame, ErasureLayout layout, int length, DeferredMd5? md5, CancellationToken cancel)
    {
        var shardSize = layout.ShardSize(length);
        var stride = layout.PaddedShardBlockLength(length);
        var last = Task.CompletedTask;
        for (var start = 0; start < length; start += shardSize)
        {
            var shard = frame.Array.AsMemory(frame.Offset + ((start / shardSize) * stride) + ErasureLayout.ChecksumSize, Math.Min(shardSize, length - start));
            if (md5 is null)
            {
                if (await body.ReadAtLeastAsync(shard, shard.Length, throwOnEndOfStream: false, cancel) < shard.Length)
                {
                    throw new S3Exception(S3ErrorCode.IncompleteBody);
                }
            }
            else
            {
                last = await ReadHashedAsync(body, shard, md5, cancel);
            }
        }

        return last;
    }

    /// <summary>
    /// Fills <paramref name="buffer"/>, queueing its bytes for the MD5 as they come in pieces of about
    /// <see cref="HashPiece"/>: the lanes then find several uploads' bytes at once instead of one upload's whole block
    /// at a time.
    /// </summary>
    /// <returns>The hashing of the last piece: the buffer is read until it completes.</returns>
    private static async Task<Task> ReadHashedAsync(Stream body, Memory<byte> buffer, DeferredMd5 md5, CancellationToken cancel)
    {
        var filled = 0;
        var queued = 0;
        var last = Task.CompletedTask;
        while (filled < buffer.Length)
        {
            var read = await body.ReadAsync(buffer[filled..], cancel);
            if (read == 0)
            {
                throw new S3Exception(S3ErrorCode.IncompleteBody);
            }

            filled += read;
            if (filled - queued >= HashPiece || filled == buffer.Length)
            {
                last = md5.AppendAsync(buffer[queued..filled]);
                queued = filled;
            }
        }

        return last;
    }

    public static async Task ReadExactlyAsync(Stream body, byte[] buffer, int length, CancellationToken cancel)
    {
        var read = await body.ReadAtLeastAsync(buffer.AsMemory(0, length), length, throwOnEndOfStream: false, cancel);
        if (read < length)
        {
            throw new S3Exception(S3ErrorCode.IncompleteBody);
        }
    }

    /// <summary>Reads to the end: digest and trailer checks of the body streams run there, and extra bytes are an error.</summary>
    public static async Task ExpectEndAsync(Stream body, CancellationToken cancel)
    {
        var probe = new byte[1];
        if (await body.ReadAsync(probe, cancel) != 0)
        {
            throw new S3Exception(S3ErrorCode.IncompleteBody, "The request body is longer than its declared length.");
        }
    }
}
