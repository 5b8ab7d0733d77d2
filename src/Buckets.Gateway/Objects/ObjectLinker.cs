using Buckets.Abstractions;

namespace Buckets.Gateway.Objects;

/// <summary>
/// A server-side copy that moves no bytes: when the source and the destination key live in the same erasure set with
/// the same layout, each disk hard-links the source's shard files into new data dirs of the destination (one per
/// part of a multipart source), and the destination's metadata is then committed like any write. Shard files never
/// change once written and carry their own checksums, so the copy reads back exactly as the source did; deleting
/// either object later removes only its own links.
/// </summary>
public static class ObjectLinker
{
    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="bucket"/>/<paramref name="key"/> by links, or answers null
    /// (nothing written) when that cannot be done and the bytes must be streamed: the source is inline, lives in
    /// another set or layout, or fewer than a write quorum of disks could link it (deleted meanwhile).
    /// </summary>
    /// <param name="describe">
    /// The new version's ETag and stored headers, asked once the links are in place and before the commit; it gets
    /// the linked, not yet visible copy, for when it must read the bytes (the MD5 of a multipart source).
    /// </param>
    public static async Task<ObjectVersion?> TryCopyAsync(
        IGrainFactory grains,
        ObjectVersion source,
        string bucket,
        string key,
        bool createOnly,
        BucketVersioning versioning,
        ObjectTag[]? tags,
        Func<ObjectState, Task<(string ETag, Dictionary<string, string> Headers)>> describe)
    {
        if (source.Inline || source.IsDeleteMarker || !source.DataDirs.Any())
        {
            return null;
        }

        var registry = grains.GetGrain<IObjectRegistryGrain>($"{bucket}/{key}");
        var ticket = await registry.BeginWrite();
        if (ticket.SetIndex != source.SetIndex || ticket.Layout != source.Layout)
        {
            return null;
        }

        var parts = source.Parts?.Select((p, i) => p with { DataDir = i == 0 ? ticket.DataDir : Guid.NewGuid() }).ToArray();
        DataDirLink[] links = parts is null
            ? [new DataDirLink(source.DataDir, ticket.DataDir)]
            : [.. source.Parts!.Zip(parts, (from, to) => new DataDirLink(from.DataDir, to.DataDir))];
        var mask = await grains.GetGrain<IErasureSetGrain>(ticket.SetIndex)
            .LinkDataDirs(new DataDirLinks(source.Bucket, source.Key, bucket, key, links));
        if (mask == 0)
        {
            return null;
        }

        var copy = new ObjectVersion(
            bucket,
            key,
            source.Size,
            source.ETag,
            DateTimeOffset.UtcNow,
            source.Headers,
            ticket.Layout,
            ticket.SetIndex,
            ticket.RingGeneration,
            parts is null ? ticket.DataDir : Guid.Empty,
            Inline: false,
            Parts: parts,
            PartsLinked: parts is not null,
            Tags: tags);
        string etag;
        Dictionary<string, string> headers;
        try
        {
            (etag, headers) = await describe(new ObjectState(copy, null));
        }
        catch
        {
            foreach (var link in links)
            {
                await ObjectWriter.AbortQuietlyAsync(registry, ticket with { DataDir = link.Target });
            }

            throw;
        }

        // From here the registry owns the links: a commit that fails removes them itself.
        return await registry.Commit(copy with { ETag = etag, Headers = headers }, mask, createOnly, versioning);
    }
}
