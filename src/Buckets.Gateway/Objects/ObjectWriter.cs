using System.Buffers;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;

namespace Buckets.Gateway.Objects;

/// <summary>
/// Stores a stream of known length as a key's new version: inline in one registry call when small, otherwise block
/// by block to the key's erasure set and then committed. Memory is two blocks whatever the size: one being filled
/// from the source while the previous one is encoded and written. PUT feeds it the request body, a copy the source
/// object.
/// </summary>
public static class ObjectWriter
{
    /// <param name="describe">
    /// Called once <paramref name="source"/> has been read to its end, when its digests are known: the new version's
    /// ETag and stored headers.
    /// </param>
    public static async Task<ObjectVersion> WriteAsync(
        IGrainFactory grains,
        string bucket,
        string key,
        Stream source,
        long size,
        int inlineThreshold,
        bool createOnly,
        Func<(string ETag, Dictionary<string, string> Headers)> describe,
        CancellationToken cancel)
    {
        var registry = grains.GetGrain<IObjectRegistryGrain>($"{bucket}/{key}");
        if (size <= inlineThreshold)
        {
            var data = new byte[size];
            await ReadExactlyAsync(source, data, (int)size, cancel);
            await ExpectEndAsync(source, cancel);
            var (etag, headers) = describe();
            return await registry.PutInline(NewVersion(bucket, key, size, etag, headers), new Immutable<byte[]>(data), createOnly);
        }

        return await StreamAsync(grains, registry, bucket, key, source, size, createOnly, describe, cancel);
    }

    private static async Task<ObjectVersion> StreamAsync(
        IGrainFactory grains,
        IObjectRegistryGrain registry,
        string bucket,
        string key,
        Stream source,
        long size,
        bool createOnly,
        Func<(string ETag, Dictionary<string, string> Headers)> describe,
        CancellationToken cancel)
    {
        var ticket = await registry.BeginWrite();
        var set = grains.GetGrain<IErasureSetGrain>(ticket.SetIndex);
        var blockSize = ticket.Layout.BlockSize;
        var blocks = (size + blockSize - 1) / blockSize;
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(blockSize), ArrayPool<byte>.Shared.Rent(blockSize)];
        Task<ulong>? pending = null;
        var committed = false;
        try
        {
            var mask = ulong.MaxValue;
            for (long block = 0; block < blocks; block++)
            {
                var length = (int)Math.Min(blockSize, size - (block * blockSize));
                var buffer = buffers[block % 2];

                // Reading the next block overlaps the encoding and disk writes of the previous one; the buffer
                // being filled was last used two blocks ago, and that write has been awaited.
                await ReadExactlyAsync(source, buffer, length, cancel);
                if (pending is not null)
                {
                    mask &= await pending;
                }

                pending = set.WriteBlock(new BlockWrite(bucket, key, ticket, block, new Immutable<byte[]>(buffer), length, block == blocks - 1));
            }

            mask &= await pending!;
            pending = null;
            await ExpectEndAsync(source, cancel);
            var (etag, headers) = describe();
            var version = NewVersion(bucket, key, size, etag, headers) with
            {
                Layout = ticket.Layout,
                SetIndex = ticket.SetIndex,
                RingGeneration = ticket.RingGeneration,
                DataDir = ticket.DataDir,
                Inline = false,
            };
            var stored = await registry.Commit(version, mask, createOnly);
            committed = true;
            return stored;
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

            if (!committed)
            {
                await AbortQuietlyAsync(registry, ticket);
            }

            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    private static async Task AbortQuietlyAsync(IObjectRegistryGrain registry, WriteTicket ticket)
    {
        try
        {
            await registry.Abort(ticket);
        }
        catch (Exception)
        {
            // Leftover shards of an uncommitted write are invisible; a later scan reclaims them.
        }
    }

    private static ObjectVersion NewVersion(string bucket, string key, long size, string etag, Dictionary<string, string> headers) =>
        new(bucket, key, size, etag, DateTimeOffset.UtcNow, headers, new ObjectLayout(0, 0, 0), 0, 0, Guid.Empty, true);

    private static async Task ReadExactlyAsync(Stream source, byte[] buffer, int length, CancellationToken cancel)
    {
        var read = await source.ReadAtLeastAsync(buffer.AsMemory(0, length), length, throwOnEndOfStream: false, cancel);
        if (read < length)
        {
            throw new S3Exception(S3ErrorCode.IncompleteBody);
        }
    }

    /// <summary>Reads to the end: digest and trailer checks of the body streams run there, and extra bytes are an error.</summary>
    private static async Task ExpectEndAsync(Stream source, CancellationToken cancel)
    {
        var probe = new byte[1];
        if (await source.ReadAsync(probe, cancel) != 0)
        {
            throw new S3Exception(S3ErrorCode.IncompleteBody, "The request body is longer than its declared length.");
        }
    }
}
