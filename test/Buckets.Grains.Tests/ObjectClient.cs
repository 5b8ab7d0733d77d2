using Buckets.Abstractions;
using Orleans.Concurrency;

namespace Buckets.Grains.Tests;

/// <summary>
/// Drives the grains the way the gateway does (src/Buckets.Gateway/S3/PutObject.cs and GetObject.cs), without HTTP:
/// a small object goes inline in one call; a larger one gets a ticket, is written block by block to its erasure set
/// (one block in flight while the next is prepared, <c>Last</c> on the final one) and is committed with the disks
/// that took every block. A GET asks the registry, then reads block by block, the next block requested while the
/// current one is copied out.
/// </summary>
public sealed class ObjectClient(IGrainFactory grains)
{
    /// <summary>The gateway's default: objects up to this size ride inline in their metadata.</summary>
    public const int DefaultInlineThreshold = 128 * 1024;

    public int InlineThreshold { get; init; } = DefaultInlineThreshold;

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
        byte[][] buffers = [new byte[blockSize], new byte[blockSize]];
        Task<ulong>? pending = null;
        var committed = false;
        try
        {
            var mask = ulong.MaxValue;
            for (long block = 0; block < blocks; block++)
            {
                var length = (int)Math.Min(blockSize, content.Length - (block * blockSize));
                var buffer = buffers[block % 2];
                content.AsSpan((int)(block * blockSize), length).CopyTo(buffer);
                if (pending is not null)
                {
                    mask &= await pending;
                }

                pending = set.WriteBlock(new BlockWrite(bucket, key, ticket, block, new Immutable<byte[]>(buffer), length, block == blocks - 1));
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

                data.CopyTo(content.AsSpan((int)(block * blockSize)));
            }
        }

        return new StoredObject(version, content, CameInline: false);
    }

    private static ObjectVersion NewVersion(string bucket, string key, byte[] content, Dictionary<string, string> headers) =>
        new(bucket, key, content.Length, TestContent.ETag(content), DateTimeOffset.UtcNow, headers, new ObjectLayout(0, 0, 0), 0, 0, Guid.Empty, true);
}
