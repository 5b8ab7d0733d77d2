using System.Buffers;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;

namespace Buckets.Gateway.Objects;

/// <summary>
/// Streams a body of known size to an erasure set block by block: reading the next block overlaps the encoding and
/// disk writes of the previous one. Memory is two blocks whatever the size. Used by PutObject and UploadPart.
/// </summary>
public static class BlockWriter
{
    /// <summary>Writes <paramref name="size"/> bytes of <paramref name="body"/> to the ticket's data dir; the disks that took every block.</summary>
    public static async Task<ulong> WriteAsync(
        Stream body, IGrainFactory grains, string bucket, string key, WriteTicket ticket, long size, CancellationToken cancel)
    {
        var set = grains.GetGrain<IErasureSetGrain>(ticket.SetIndex);
        var blockSize = ticket.Layout.BlockSize;
        var blocks = Math.Max(1, (size + blockSize - 1) / blockSize);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(blockSize), ArrayPool<byte>.Shared.Rent(blockSize)];
        Task<ulong>? pending = null;
        try
        {
            var mask = ulong.MaxValue;
            for (long block = 0; block < blocks; block++)
            {
                var length = (int)Math.Min(blockSize, size - (block * blockSize));
                var buffer = buffers[block % 2];

                // The buffer being filled was last used two blocks ago, and that write has been awaited.
                await ReadExactlyAsync(body, buffer, length, cancel);
                if (pending is not null)
                {
                    mask &= await pending;
                }

                pending = set.WriteBlock(new BlockWrite(bucket, key, ticket, block, new Immutable<byte[]>(buffer), length, block == blocks - 1));
            }

            mask &= await pending!;
            pending = null;
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

            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
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
