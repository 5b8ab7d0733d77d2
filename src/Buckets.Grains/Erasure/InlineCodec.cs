using Buckets.Abstractions;
using Buckets.Erasure;

namespace Buckets.Grains.Erasure;

/// <summary>A small object's shard streams, kept inline in each disk's metadata: encoded and decoded in memory.</summary>
internal static class InlineCodec
{
    /// <summary>One shard stream per disk (checksummed shard blocks, as a streamed object's part.1 holds them).</summary>
    public static byte[][] Encode(ErasureBlockCodec codec, byte[] data, int length)
    {
        var layout = codec.Layout;
        var streams = new byte[layout.TotalShards][];
        var fileSize = layout.ShardFileSize(length);
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = new byte[fileSize];
        }

        var shards = new Memory<byte>[layout.TotalShards];
        for (long block = 0; block < layout.BlockCount(length); block++)
        {
            var blockLength = layout.BlockLength(length, block);
            var offset = (int)layout.ShardBlockOffset(block);
            for (var i = 0; i < shards.Length; i++)
            {
                shards[i] = streams[i].AsMemory(offset, codec.ShardBlockLength(blockLength));
            }

            codec.EncodeBlock(data.AsSpan((int)(block * layout.BlockSize), blockLength), block, shards);
        }

        return streams;
    }

    /// <summary>Decodes a small object from the shard streams its disks keep inline, checking every shard block.</summary>
    public static byte[] Decode(ErasureBlockCodec codec, long size, IReadOnlyList<Immutable<byte[]>?> shardStreams)
    {
        var layout = codec.Layout;
        var data = new byte[size];
        var shards = new ReadOnlyMemory<byte>[layout.TotalShards];
        for (long block = 0; block < layout.BlockCount(size); block++)
        {
            var blockLength = layout.BlockLength(size, block);
            var shardLength = codec.ShardBlockLength(blockLength);
            var offset = (int)layout.ShardBlockOffset(block);
            for (var i = 0; i < shards.Length; i++)
            {
                var stream = i < shardStreams.Count ? shardStreams[i]?.Value : null;
                shards[i] = stream is not null && stream.Length >= offset + shardLength &&
                            codec.VerifyShardBlock(stream.AsSpan(offset, shardLength), i, block, blockLength)
                    ? stream.AsMemory(offset, shardLength)
                    : ReadOnlyMemory<byte>.Empty;
            }

            try
            {
                codec.DecodeBlock(shards, block, data.AsSpan((int)(block * layout.BlockSize), blockLength));
            }
            catch (ErasureException exception)
            {
                throw new StorageUnavailableException($"An inline object cannot be read: {exception.Message}");
            }
        }

        return data;
    }
}
