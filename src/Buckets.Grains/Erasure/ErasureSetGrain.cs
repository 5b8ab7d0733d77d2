using Buckets.Abstractions;
using Buckets.Erasure;
using Buckets.Grains.Disks;
using Buckets.Grains.Topology;
using Buckets.Storage;
using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Erasure;

/// <summary>
/// Encodes and decodes for one erasure set where the request arrives (a stateless worker on the caller's silo),
/// and fans each block's shard blocks out to the set's disks in parallel.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class ErasureSetGrain(DiskGrains diskGrains, LocalDiskRegistry localDisks, TopologyCache topology, ILogger<ErasureSetGrain> logger)
    : Grain, IErasureSetGrain
{
    async Task<ulong> IErasureSetGrain.WriteBlock(BlockWrite write)
    {
        var set = (await topology.GetAsync()).Snapshot.Set(write.Ticket.SetIndex);
        var codec = ErasureCodecs.Get(write.Ticket.Layout);
        // Each shard block goes to its disk with the layout's padding: in an aligned layout every write then starts
        // and ends on an aligned offset (the disk can bypass the page cache) and the next block starts where the
        // stream ends.
        var shardLength = codec.Layout.PaddedShardBlockLength(write.Length);
        var buffers = new ArraySegment<byte>[set.TotalShards];
        var rented = new byte[]?[set.TotalShards];
        var aligned = new bool[set.TotalShards];
        try
        {
            var shards = new Memory<byte>[set.TotalShards];
            foreach (var disk in set.Disks)
            {
                // A disk of this silo gets the array itself and can write it without a staging copy if its memory
                // is aligned as well as its offset; one of another silo gets a serialized copy of the whole array,
                // so an exact-size one (ShardWrite).
                var local = localDisks.TryGet(disk.DiskId, out _);
                var inFrame = write.InShards && disk.Index < codec.Layout.DataShards;
                if (inFrame)
                {
                    // The caller received the block into its data shard blocks (aligned, and still its buffer).
                    shards[disk.Index] = write.Data.Value.AsMemory(write.DataOffset + (disk.Index * shardLength), shardLength);
                    if (local)
                    {
                        buffers[disk.Index] = new ArraySegment<byte>(write.Data.Value, write.DataOffset + (disk.Index * shardLength), shardLength);
                        continue;
                    }
                }

                aligned[disk.Index] = codec.Layout.ShardBlockAlignment > 1 && local;
                buffers[disk.Index] = aligned[disk.Index]
                    ? AlignedBufferPool.Rent(shardLength, codec.Layout.ShardBlockAlignment)
                    : MessageBufferPool.Rent(shardLength);
                rented[disk.Index] = buffers[disk.Index].Array;
                if (!inFrame)
                {
                    shards[disk.Index] = buffers[disk.Index];
                }
            }

            if (write.InShards)
            {
                codec.EncodeInPlace(write.Length, write.BlockIndex, shards);
                for (var i = 0; i < codec.Layout.DataShards; i++)
                {
                    if (rented[i] is not null)
                    {
                        shards[i].CopyTo(buffers[i]);
                    }
                }
            }
            else
            {
                codec.EncodeBlock(write.Data.Value.AsSpan(0, write.Length), write.BlockIndex, shards);
            }

            var offset = codec.Layout.ShardBlockOffset(write.BlockIndex);

            // No flush here: a disk makes an object's shard streams durable together with its metadata (one
            // shared sync per batch, see architecture/storage.md), and only that commit makes the object visible.
            var outcomes = await Quorum.RunAsync(set.Disks, disk =>
            {
                var buffer = buffers[disk.Index];
                return diskGrains.Get(disk).WriteShard(new ShardWrite(
                    write.Bucket, write.Key, write.Ticket.DataDir, offset, new Immutable<byte[]>(buffer.Array!), shardLength, Flush: false, buffer.Offset));
            });

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
            for (var i = 0; i < rented.Length; i++)
            {
                if (rented[i] is { } array)
                {
                    if (aligned[i])
                    {
                        AlignedBufferPool.Return(array);
                    }
                    else
                    {
                        MessageBufferPool.Return(array);
                    }
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
