using Buckets.Abstractions;

namespace Buckets.Gateway.Objects;

/// <summary>
/// The bytes of a stored object: from memory when they ride inline, otherwise block by block from the object's
/// erasure set, the next block fetched while the caller is busy with this one. GET writes the pieces out, a copy
/// writes them into a new object; either way at most two blocks are held.
/// </summary>
public static class ObjectReader
{
    /// <summary>
    /// The pieces of <paramref name="length"/> bytes from <paramref name="start"/>. A piece is valid until the
    /// enumeration moves on: its block goes back to <see cref="MessageBufferPool"/> then.
    /// </summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(IGrainFactory grains, ObjectState state, long start, long length)
    {
        if (length == 0)
        {
            yield break;
        }

        if (state.InlineData is { } inline)
        {
            yield return inline.Value.AsMemory((int)start, (int)length);
            yield break;
        }

        var version = state.Version;
        var set = grains.GetGrain<IErasureSetGrain>(version.SetIndex);
        if (version.Parts is null)
        {
            await foreach (var piece in ReadBlocksAsync(set, version, start, length))
            {
                yield return piece;
            }

            yield break;
        }

        // A multipart object is its parts back to back, each a shard stream of its own.
        long partStart = 0;
        foreach (var part in version.Parts)
        {
            var from = Math.Max(start, partStart);
            var to = Math.Min(start + length, partStart + part.Size);
            if (from < to)
            {
                await foreach (var piece in ReadBlocksAsync(set, version.PartView(part), from - partStart, to - from))
                {
                    yield return piece;
                }
            }

            partStart += part.Size;
        }
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadBlocksAsync(IErasureSetGrain set, ObjectVersion version, long start, long length)
    {
        var blockSize = version.Layout.BlockSize;
        var first = start / blockSize;
        var last = (start + length - 1) / blockSize;
        Task<Immutable<byte[]>>? next = set.ReadBlock(version, first);
        try
        {
            for (var block = first; block <= last; block++)
            {
                var data = (await next!).Value;
                next = block < last ? set.ReadBlock(version, block + 1) : null;
                try
                {
                    var blockStart = block * blockSize;
                    var from = (int)(Math.Max(start, blockStart) - blockStart);
                    var to = (int)(Math.Min(start + length, blockStart + data.Length) - blockStart);
                    yield return data.AsMemory(from, to - from);
                }
                finally
                {
                    MessageBufferPool.Return(data);
                }
            }
        }
        finally
        {
            if (next is not null)
            {
                // The reader stopped early (client gone, a write failed): the prefetched block still comes back.
                await ReturnQuietlyAsync(next);
            }
        }
    }

    private static async Task ReturnQuietlyAsync(Task<Immutable<byte[]>> pending)
    {
        try
        {
            MessageBufferPool.Return((await pending).Value);
        }
        catch (Exception)
        {
            // Nobody wants this block any more; its failure changes nothing.
        }
    }
}
