using Buckets.Abstractions;
using Buckets.Erasure;
using Orleans.Concurrency;

namespace Buckets.Grains.Tests;

/// <summary>
/// Drives the grains the way the gateway does (src/Buckets.Gateway/S3/PutObject.cs and GetObject.cs), without HTTP:
/// a small object goes inline in one call; a larger one gets a ticket, is written block by block to its erasure set
/// (one block in flight while the next is prepared, <c>Last</c> on the final one) and is committed with the disks
/// that took every block. A GET asks the registry, then reads block by block, the next block requested while the
/// current one is copied out, part after part for a multipart object.
/// </summary>
public sealed class ObjectClient(IGrainFactory grains)
{
    /// <summary>The gateway's default: objects up to this size ride inline in their metadata.</summary>
    public const int DefaultInlineThreshold = 128 * 1024;

    public int InlineThreshold { get; init; } = DefaultInlineThreshold;

    /// <summary>
    /// Send each block already cut into its data shard blocks (<see cref="BlockWrite.InShards"/>), as the gateway
    /// receives request bodies, instead of as plain bytes for the erasure set to cut.
    /// </summary>
    public bool InShards { get; init; }

    public IObjectRegistryGrain Registry(string bucket, string key) => grains.GetGrain<IObjectRegistryGrain>($"{bucket}/{key}");

    public async Task<ObjectVersion> PutAsync(
        string bucket, string key, byte[] content, Dictionary<string, string>? headers = null, BucketVersioning versioning = BucketVersioning.Unversioned)
    {
        var registry = Registry(bucket, key);
        var version = NewVersion(bucket, key, content, headers ?? []);
        if (content.Length <= InlineThreshold)
        {
            return await registry.PutInline(version, new Immutable<byte[]>(content), createOnly: false, versioning);
        }

        var ticket = await registry.BeginWrite();
        var set = grains.GetGrain<IErasureSetGrain>(ticket.SetIndex);
        var blockSize = ticket.Layout.BlockSize;
        var blocks = (content.Length + (long)blockSize - 1) / blockSize;
        var layout = new ErasureLayout(
            ticket.Layout.DataShards, ticket.Layout.ParityShards, blockSize, Math.Max(1, ticket.Layout.ShardBlockAlignment));
        var frameLength = layout.DataShards * layout.ShardBlockStride;
        byte[][] buffers = InShards ? [new byte[frameLength], new byte[frameLength]] : [new byte[blockSize], new byte[blockSize]];
        Task<ulong>? pending = null;
        var committed = false;
        try
        {
            var mask = ulong.MaxValue;
            for (long block = 0; block < blocks; block++)
            {
                var length = (int)Math.Min(blockSize, content.Length - (block * blockSize));
                var buffer = buffers[block % 2];
                var bytes = content.AsSpan((int)(block * blockSize), length);
                if (InShards)
                {
                    // Garbage where the checksums and padding go: the erasure set must fill all of it in.
                    buffer.AsSpan().Fill(0xA5);
                    var shardSize = layout.ShardSize(length);
                    for (var start = 0; start < length; start += shardSize)
                    {
                        bytes[start..Math.Min(length, start + shardSize)].CopyTo(
                            buffer.AsSpan(((start / shardSize) * layout.PaddedShardBlockLength(length)) + ErasureLayout.ChecksumSize));
                    }
                }
                else
                {
                    bytes.CopyTo(buffer);
                }

                if (pending is not null)
                {
                    mask &= await pending;
                }

                pending = set.WriteBlock(new BlockWrite(bucket, key, ticket, block, new Immutable<byte[]>(buffer), length, block == blocks - 1, InShards));
            }

            mask &= await pending!;
            pending = null;
            var stored = await registry.Commit(
                version with
                {
                    Layout = ticket.Layout,
                    SetIndex = ticket.SetIndex,
                    RingGeneration = ticket.RingGeneration,
                    DataDir = ticket.DataDir,
                    Inline = false,
                },
                mask,
                createOnly: false,
                versioning);
            committed = true;
            return stored;
        }
        finally
        {
            if (pending is not null)
            {
                try
                {
                    await pending;
                }
                catch (Exception)
                {
                    // The write is being abandoned, as in the gateway.
                }
            }

            if (!committed)
            {
                try
                {
                    await registry.Abort(ticket);
                }
                catch (Exception)
                {
                    // As in the gateway: leftover shards of an uncommitted write are invisible.
                }
            }
        }
    }

    /// <summary>
    /// A copy by hard links, as the gateway's ObjectLinker makes it: a ticket for the destination, every data dir of the
    /// source linked into a new one of the destination on each disk, then the commit with the disks that linked it all.
    /// Null when the copy cannot link (another set or layout, an inline source, too few disks linked): the gateway then
    /// streams. The copy keeps the source's ETag (the gateway computes a multipart source's MD5 instead).
    /// </summary>
    public async Task<ObjectVersion?> CopyByLinksAsync(
        string sourceBucket, string sourceKey, string bucket, string key, string? sourceVersionId = null, BucketVersioning versioning = BucketVersioning.Unversioned)
    {
        var source = (await Registry(sourceBucket, sourceKey).Get(sourceVersionId))?.Version
            ?? throw new InvalidOperationException($"{sourceBucket}/{sourceKey} does not exist.");
        if (source.Inline)
        {
            return null;
        }

        var registry = Registry(bucket, key);
        var ticket = await registry.BeginWrite();
        if (ticket.SetIndex != source.SetIndex || ticket.Layout != source.Layout)
        {
            return null;
        }

        var parts = source.Parts?.Select((p, i) => p with { DataDir = i == 0 ? ticket.DataDir : Guid.NewGuid() }).ToArray();
        DataDirLink[] links = parts is null
            ? [new DataDirLink(source.DataDir, ticket.DataDir)]
            : [.. source.Parts!.Zip(parts, (from, to) => new DataDirLink(from.DataDir, to.DataDir))];
        var mask = await grains.GetGrain<IErasureSetGrain>(ticket.SetIndex).LinkDataDirs(new DataDirLinks(sourceBucket, sourceKey, bucket, key, links));
        if (mask == 0)
        {
            return null;
        }

        var copy = source with
        {
            Bucket = bucket,
            Key = key,
            LastModified = DateTimeOffset.UtcNow,
            RingGeneration = ticket.RingGeneration,
            DataDir = parts is null ? ticket.DataDir : Guid.Empty,
            Parts = parts,
            PartsLinked = parts is not null,
        };
        return await registry.Commit(copy, mask, createOnly: false, versioning);
    }

    /// <summary>The object as a GET returns it, or null when the registry knows no such key.</summary>
    public async Task<StoredObject?> GetAsync(string bucket, string key, string? versionId = null)
    {
        var state = await Registry(bucket, key).Get(versionId);
        if (state is null)
        {
            return null;
        }

        var version = state.Version;
        if (state.InlineData is { } inline)
        {
            return new StoredObject(version, inline.Value, CameInline: true);
        }

        var content = new byte[version.Size];
        if (version.Size > 0)
        {
            var set = grains.GetGrain<IErasureSetGrain>(version.SetIndex);
            long offset = 0;
            foreach (var piece in version.Parts?.Select(version.PartView) ?? [version])
            {
                await ReadBlocksAsync(set, piece, content.AsMemory((int)offset, (int)piece.Size));
                offset += piece.Size;
            }
        }

        return new StoredObject(version, content, CameInline: false);
    }

    private static async Task ReadBlocksAsync(IErasureSetGrain set, ObjectVersion version, Memory<byte> content)
    {
        if (version.Size == 0)
        {
            return;
        }

        var blockSize = version.Layout.BlockSize;
        var last = (version.Size - 1) / blockSize;
        var next = set.ReadBlock(version, 0);
        for (long block = 0; block <= last; block++)
        {
            var data = (await next).Value;
            if (block < last)
            {
                next = set.ReadBlock(version, block + 1);
            }

            data.CopyTo(content[(int)(block * blockSize)..]);
        }
    }

    private static ObjectVersion NewVersion(string bucket, string key, byte[] content, Dictionary<string, string> headers) =>
        new(bucket, key, content.Length, TestContent.ETag(content), DateTimeOffset.UtcNow, headers, new ObjectLayout(0, 0, 0), 0, 0, Guid.Empty, true);
}
