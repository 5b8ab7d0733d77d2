using Buckets.Abstractions;
using Buckets.Erasure;
using Buckets.Grains.Disks;
using Buckets.Grains.Topology;
using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Erasure;

/// <summary>
/// Encodes and decodes for one erasure set where the request arrives (a stateless worker on the caller's silo),
/// and fans each block's shard blocks out to the set's disks in parallel.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class ErasureSetGrain(DiskGrains diskGrains, TopologyCache topology, ILogger<ErasureSetGrain> logger)
    : Grain, IErasureSetGrain
{
    async Task<ulong> IErasureSetGrain.WriteBlock(BlockWrite write)
    {
        var set = (await topology.GetAsync()).Snapshot.Set(write.Ticket.SetIndex);
        var codec = ErasureCodecs.Get(write.Ticket.Layout);
        var shardLength = codec.ShardBlockLength(write.Length);
        var buffers = new byte[set.TotalShards][];
        try
        {
            var shards = new Memory<byte>[set.TotalShards];
            for (var i = 0; i < shards.Length; i++)
            {
                buffers[i] = MessageBufferPool.Rent(shardLength);
                shards[i] = buffers[i];
            }

            codec.EncodeBlock(write.Data.Value.AsSpan(0, write.Length), write.BlockIndex, shards);
            var offset = codec.Layout.ShardBlockOffset(write.BlockIndex);

            // No flush here: a disk makes an object's shard streams durable together with its metadata (one
            // shared sync per batch, see architecture/storage.md), and only that commit makes the object visible.
            var outcomes = await Quorum.RunAsync(set.Disks, disk => diskGrains.Get(disk).WriteShard(
                new ShardWrite(write.Bucket, write.Key, write.Ticket.DataDir, offset, new Immutable<byte[]>(buffers[disk.Index]), shardLength, Flush: false)));

            ulong mask = 0;
            for (var i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i].Succeeded)
                {
                    mask |= 1UL << set.Disks[i].Index;
                }
                else
                {
                    ErasureLog.ShardWriteFailed(logger, outcomes[i].Error!, write.Bucket, write.Key, write.BlockIndex, set.Disks[i].Index);
                }
            }

            return mask;
        }
        finally
        {
            // Every disk call has finished (Quorum waits for all), so no one still reads these buffers.
            foreach (var buffer in buffers)
            {
                if (buffer is not null)
                {
                    MessageBufferPool.Return(buffer);
                }
            }
        }
    }

    async Task<ulong> IErasureSetGrain.LinkDataDirs(DataDirLinks links)
    {
        var set = (await topology.GetAsync()).Snapshot.Set((int)this.GetPrimaryKeyLong());
        var outcomes = await Quorum.RunAsync(set.Disks, disk => diskGrains.Get(disk).LinkDataDirs(links));
        ulong mask = 0;
        var linked = 0;
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] is { Succeeded: true, Value: true })
            {
                mask |= 1UL << set.Disks[i].Index;
                linked++;
            }
            else
            {
                ErasureLog.LinkFailed(logger, outcomes[i].Error, links.Bucket, links.Key, links.SourceBucket, links.SourceKey, set.Disks[i].Index);
            }
        }

        if (linked >= set.WriteQuorum)
        {
            return mask;
        }

        ErasureLog.LinkQuorumMissed(logger, links.Bucket, links.Key, links.SourceBucket, links.SourceKey, linked, set.WriteQuorum);
        foreach (var link in links.DataDirs)
        {
            await Quorum.RunAsync(set.Disks, disk => diskGrains.Get(disk).DeleteDataDir(links.Bucket, links.Key, link.Target));
        }

        return 0;
    }

    async Task<Immutable<byte[]>> IErasureSetGrain.ReadBlock(ObjectVersion version, long blockIndex)
    {
        var set = (await topology.GetAsync()).Snapshot.Set(version.SetIndex);
        var codec = ErasureCodecs.Get(version.Layout);
        var blockLength = codec.Layout.BlockLength(version.Size, blockIndex);
        var shardLength = codec.ShardBlockLength(blockLength);
        var offset = codec.Layout.ShardBlockOffset(blockIndex);
        var shards = new ReadOnlyMemory<byte>[set.TotalShards];
        var received = new List<byte[]>(set.TotalShards);
        var good = 0;

        // Data shards first: when they are all good the block is a copy, with no Reed-Solomon work and no parity
        // read. Only a missing or corrupt shard brings in the next ones, parity last.
        var next = 0;
        while (good < set.DataShards && next < set.TotalShards)
        {
            var batch = set.Disks.Skip(next).Take(set.DataShards - good).ToArray();
            next += batch.Length;
            var reads = await Quorum.RunAsync(batch, disk => diskGrains.Get(disk)
                .ReadShard(version.Bucket, version.Key, version.DataDir, offset, shardLength));
            for (var i = 0; i < batch.Length; i++)
            {
                var index = batch[i].Index;
                var read = reads[i];
                if (read.Succeeded)
                {
                    received.Add(read.Value!.Data.Value);
                }

                if (read.Succeeded && read.Value!.Length == shardLength &&
                    codec.VerifyShardBlock(read.Value.Data.Value.AsSpan(0, shardLength), index, blockIndex, blockLength))
                {
                    shards[index] = read.Value.Data.Value.AsMemory(0, shardLength);
                    good++;
                }
                else
                {
                    ErasureLog.ShardReadFailed(logger, read.Error, version.Bucket, version.Key, blockIndex, index);
                }
            }
        }

        // The caller owns the block and returns it to the pool once it is written out.
        var block = MessageBufferPool.Rent(blockLength);
        try
        {
            codec.DecodeBlock(shards, blockIndex, block);
        }
        catch (ErasureException exception)
        {
            MessageBufferPool.Return(block);
            throw new StorageUnavailableException(
                $"Object {version.Bucket}/{version.Key} cannot be read: {exception.Message}");
        }
        finally
        {
            foreach (var buffer in received)
            {
                MessageBufferPool.Return(buffer);
            }
        }

        return new Immutable<byte[]>(block);
    }
}
