using Xunit;

namespace Buckets.Erasure.Tests;

/// <summary>Encodes objects into in-memory shard streams and decodes them back, for the stream tests.</summary>
internal static class ShardStreams
{
    /// <summary>Encodes <paramref name="data"/>; returns the bytes of each shard stream.</summary>
    public static async Task<byte[][]> EncodeAsync(ErasureLayout layout, byte[] data, GaloisKernelKind? kernel = null)
    {
        var streams = Enumerable.Range(0, layout.TotalShards).Select(_ => new MemoryStream()).ToArray();
        var size = await new ErasureEncoder(layout, kernel)
            .EncodeAsync(new MemoryStream(data, writable: false), streams, TestContext.Current.CancellationToken);
        Assert.Equal(data.Length, size);
        return streams.Select(s => s.ToArray()).ToArray();
    }

    /// <summary>
    /// Decodes [offset, offset + length) from the given shard bytes (null = missing), through fresh read-only
    /// streams: seekable MemoryStreams, or forward-only ones that return at most <paramref name="maxChunk"/> bytes a read.
    /// </summary>
    public static async Task<(byte[] Output, ErasureReadReport Report)> DecodeAsync(
        ErasureDecoder decoder,
        byte[]?[] shards,
        long objectSize,
        long offset = 0,
        long length = -1,
        bool seekable = true,
        int maxChunk = int.MaxValue)
    {
        var streams = shards
            .Select(bytes => bytes is null
                ? null
                : seekable
                    ? new MemoryStream(bytes, writable: false)
                    : (Stream)new NonSeekableStream(new MemoryStream(bytes, writable: false), maxChunk))
            .ToArray();
        var destination = new MemoryStream();
        var report = await decoder.DecodeAsync(streams, objectSize, destination, offset, length, TestContext.Current.CancellationToken);
        return (destination.ToArray(), report);
    }

    /// <summary>The shards with <paramref name="missing"/> replaced by null.</summary>
    public static byte[]?[] Without(byte[][] shards, IEnumerable<int> missing)
    {
        var result = shards.Select(s => (byte[]?)s).ToArray();
        foreach (var index in missing)
        {
            result[index] = null;
        }

        return result;
    }
}
