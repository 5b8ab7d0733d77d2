using Buckets.Abstractions;
using Buckets.Erasure;

namespace Buckets.Grains.Erasure;

/// <summary>Decodes a small object from the shard streams its disks keep inline, checking every shard block.</summary>
internal static class InlineCodec
{
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
