using System.Buffers;
using Buckets.Abstractions;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Errors;

namespace Buckets.Gateway.Objects;

/// <summary>
/// Streams a body of known size to an erasure set block by block: reading the next block overlaps the encoding and
/// disk writes of the previous one. Memory is two blocks whatever the size. Used by PutObject and UploadPart.
/// </summary>
public static class BlockWriter
{
    private const int HashPiece = 64 << 10;

    /// <summary>Writes <paramref name="size"/> bytes of <paramref name="body"/> to the ticket's data dir; the disks that took every block.</summary>
    public static async Task<ulong> WriteAsync(
        Stream body, IGrainFactory grains, string bucket, string key, WriteTicket ticket, long size, CancellationToken cancel)
    {
        var set = grains.GetGrain<IErasureSetGrain>(ticket.SetIndex);
        var blockSize = ticket.Layout.BlockSize;
        var blocks = Math.Max(1, (size + blockSize - 1) / blockSize);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(blockSize), ArrayPool<byte>.Shared.Rent(blockSize)];
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
                var buffer = buffers[block % 2];

                // The buffer being filled was last used two blocks ago: that write has been awaited, its hashing not yet.
                await hashing[block % 2];
                if (md5 is null)
                {
                    await ReadExactlyAsync(body, buffer, length, cancel);
                }
                else
                {
                    hashing[block % 2] = await ReadHashedAsync(body, buffer, length, md5, cancel);
                }

                if (pending is not null)
                {
                    mask &= await pending;
                }

                pending = set.WriteBlock(new BlockWrite(bucket, key, ticket, block, new Immutable<byte[]>(buffer), length, block == blocks - 1));
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
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    /// <summary>
    /// Reads a block, queueing its bytes for the MD5 as they come in pieces of about <see cref="HashPiece"/>: the lanes
    /// then find several uploads' bytes at once instead of one upload's whole block at a time.
    /// </summary>
    /// <returns>The hashing of the block's last piece: the block's buffer is read until it completes.</returns>
    private static async Task<Task> ReadHashedAsync(Stream body, byte[] buffer, int length, DeferredMd5 md5, CancellationToken cancel)
    {
        var filled = 0;
        var queued = 0;
        var last = Task.CompletedTask;
        while (filled < length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(filled, length - filled), cancel);
            if (read == 0)
            {
                throw new S3Exception(S3ErrorCode.IncompleteBody);
            }

            filled += read;
            if (filled - queued >= HashPiece || filled == length)
            {
                last = md5.AppendAsync(buffer.AsMemory(queued, filled - queued));
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
