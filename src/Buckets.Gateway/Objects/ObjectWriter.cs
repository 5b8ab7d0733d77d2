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
    /// <param name="tags">The new version's tag set, null for none.</param>
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
        BucketVersioning versioning,
        ObjectTag[]? tags,
        Func<(string ETag, Dictionary<string, string> Headers)> describe,
        CancellationToken cancel)
    {
        var registry = grains.GetGrain<IObjectRegistryGrain>($"{bucket}/{key}");
        if (size <= inlineThreshold)
        {
            var data = new byte[size];
            await BlockWriter.ReadExactlyAsync(source, data, (int)size, cancel);
            await BlockWriter.ExpectEndAsync(source, cancel);
            var (etag, headers) = describe();
            return await registry.PutInline(NewVersion(bucket, key, size, etag, headers, tags), new Immutable<byte[]>(data), createOnly, versioning);
        }

        return await StreamAsync(grains, registry, bucket, key, source, size, createOnly, versioning, tags, describe, cancel);
    }

    private static async Task<ObjectVersion> StreamAsync(
        IGrainFactory grains,
        IObjectRegistryGrain registry,
        string bucket,
        string key,
        Stream source,
        long size,
        bool createOnly,
        BucketVersioning versioning,
        ObjectTag[]? tags,
        Func<(string ETag, Dictionary<string, string> Headers)> describe,
        CancellationToken cancel)
    {
        var ticket = await registry.BeginWrite();
        var committed = false;
        try
        {
            var mask = await BlockWriter.WriteAsync(source, grains, bucket, key, ticket, size, cancel);
            await BlockWriter.ExpectEndAsync(source, cancel);
            var (etag, headers) = describe();
            var version = NewVersion(bucket, key, size, etag, headers, tags) with
            {
                Layout = ticket.Layout,
                SetIndex = ticket.SetIndex,
                RingGeneration = ticket.RingGeneration,
                DataDir = ticket.DataDir,
                Inline = false,
            };
            var stored = await registry.Commit(version, mask, createOnly, versioning);
            committed = true;
            return stored;
        }
        finally
        {
            if (!committed)
            {
                await AbortQuietlyAsync(registry, ticket);
            }
        }
    }

    /// <summary>Drops an uncommitted write's shards; a failure to do so is left to a later scan.</summary>
    internal static async Task AbortQuietlyAsync(IObjectRegistryGrain registry, WriteTicket ticket)
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

    private static ObjectVersion NewVersion(string bucket, string key, long size, string etag, Dictionary<string, string> headers, ObjectTag[]? tags) =>
        new(bucket, key, size, etag, DateTimeOffset.UtcNow, headers, new ObjectLayout(0, 0, 0), 0, 0, Guid.Empty, true, Tags: tags);
}
