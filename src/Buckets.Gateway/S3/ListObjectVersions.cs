using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// ListObjectVersions (GET bucket?versions): every version and delete marker, keys in UTF-8 order and each key's
/// versions newest first, paged by (key-marker, version-id-marker). max-keys counts versions, markers and prefixes.
/// </summary>
public static class ListObjectVersions
{
    public static async Task HandleAsync(S3Request request, IGrainFactory grains, string owner)
    {
        var query = request.Http.Request.Query;
        var prefix = query["prefix"].ToString();
        var delimiter = ListObjects.NullIfEmpty(query["delimiter"].ToString());
        var maxKeys = ListObjects.ParseMaxKeys(query["max-keys"].ToString());
        var urlEncoded = ListObjects.ParseEncodingType(query["encoding-type"].ToString());
        var keyMarker = ListObjects.NullIfEmpty(query["key-marker"].ToString());
        var versionIdMarker = ListObjects.NullIfEmpty(query["version-id-marker"].ToString());
        if (versionIdMarker is not null && keyMarker is null)
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, "A version-id marker cannot be specified without a key marker.");
        }

        await BucketOperations.RequireAsync(request, grains);
        var listing = grains.GetGrain<IObjectListingGrain>(request.Bucket!);
        var rows = new List<(string Name, VersionSummary? Version, bool IsLatest)>();
        var truncated = false;

        // The rest of the key the previous page stopped inside.
        if (keyMarker is not null && versionIdMarker is not null && keyMarker.StartsWith(prefix, StringComparison.Ordinal))
        {
            var own = await listing.List(new ListingQuery(keyMarker, null, null, 1, IncludeHidden: true));
            if (own.Entries is [{ IsPrefix: false } entry] && entry.Name == keyMarker)
            {
                var after = Array.FindIndex(entry.Versions, v => (v.VersionId ?? ObjectVersion.NullVersionId) == versionIdMarker);
                truncated = Take(rows, entry, after + 1, maxKeys);
            }
        }

        var cursor = keyMarker;
        while (!truncated && rows.Count < maxKeys)
        {
            var page = await listing.List(new ListingQuery(prefix, cursor, delimiter, maxKeys - rows.Count, IncludeHidden: true));
            for (var i = 0; i < page.Entries.Length && !truncated; i++)
            {
                var entry = page.Entries[i];
                truncated = entry.IsPrefix ? Add(rows, (entry.Name, null, false), maxKeys) : Take(rows, entry, 0, maxKeys);
                truncated |= rows.Count == maxKeys && (i < page.Entries.Length - 1 || page.IsTruncated);
            }

            if (!page.IsTruncated || page.Entries.Length == 0)
            {
                break;
            }

            cursor = page.Entries[^1].Name;
        }

        if (!truncated && maxKeys > 0 && rows.Count == maxKeys)
        {
            // The page filled exactly at a key's end: whether anything follows takes one more look.
            var probe = await listing.List(new ListingQuery(prefix, rows[^1].Name, delimiter, 1, IncludeHidden: true));
            truncated = probe.Entries.Length > 0;
        }

        var encode = urlEncoded ? ListObjects.UrlEncode : (Func<string, string>)(s => s);
        var response = request.Http.Response;
        response.ContentType = S3Xml.ContentType;
        await using var writer = await S3Xml.CreateWriterAsync(response.Body, request.Http.RequestAborted);
        await S3Xml.WriteStartRootAsync(writer, "ListVersionsResult");
        await S3Xml.WriteElementAsync(writer, "Name", request.Bucket!);
        await S3Xml.WriteElementAsync(writer, "Prefix", encode(prefix));
        await S3Xml.WriteElementAsync(writer, "KeyMarker", encode(keyMarker ?? string.Empty));
        await S3Xml.WriteElementAsync(writer, "VersionIdMarker", versionIdMarker ?? string.Empty);
        if (truncated && rows.Count > 0)
        {
            var last = rows[^1];
            await S3Xml.WriteElementAsync(writer, "NextKeyMarker", encode(last.Name));
            if (last.Version is not null)
            {
                await S3Xml.WriteElementAsync(writer, "NextVersionIdMarker", last.Version.VersionId ?? ObjectVersion.NullVersionId);
            }
        }

        await S3Xml.WriteElementAsync(writer, "MaxKeys", maxKeys);
        if (delimiter is not null)
        {
            await S3Xml.WriteElementAsync(writer, "Delimiter", encode(delimiter));
        }

        if (urlEncoded)
        {
            await S3Xml.WriteElementAsync(writer, "EncodingType", "url");
        }

        await S3Xml.WriteElementAsync(writer, "IsTruncated", truncated);
        var s3Owner = new S3Owner(owner, owner);
        foreach (var (name, version, isLatest) in rows.Where(r => r.Version is not null))
        {
            await writer.WriteStartElementAsync(null, version!.IsDeleteMarker ? "DeleteMarker" : "Version", null);
            await S3Xml.WriteElementAsync(writer, "Key", encode(name));
            await S3Xml.WriteElementAsync(writer, "VersionId", version.VersionId ?? ObjectVersion.NullVersionId);
            await S3Xml.WriteElementAsync(writer, "IsLatest", isLatest);
            await S3Xml.WriteElementAsync(writer, "LastModified", version.LastModified);
            if (!version.IsDeleteMarker)
            {
                await S3Xml.WriteElementAsync(writer, "ETag", S3Responses.QuotedETag(version.ETag));
                await S3Xml.WriteElementAsync(writer, "Size", version.Size);
                await S3Xml.WriteElementAsync(writer, "StorageClass", "STANDARD");
            }

            await S3Xml.WriteOwnerAsync(writer, s3Owner);
            await writer.WriteEndElementAsync();
        }

        foreach (var (name, _, _) in rows.Where(r => r.Version is null))
        {
            await writer.WriteStartElementAsync(null, "CommonPrefixes", null);
            await S3Xml.WriteElementAsync(writer, "Prefix", encode(name));
            await writer.WriteEndElementAsync();
        }

        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }

    /// <summary>Adds a key's versions from <paramref name="from"/> on; true when the page filled before they ran out.</summary>
    private static bool Take(List<(string, VersionSummary?, bool)> rows, ListedObject entry, int from, int maxKeys)
    {
        for (var v = from; v < entry.Versions.Length; v++)
        {
            if (Add(rows, (entry.Name, entry.Versions[v], v == 0), maxKeys))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Add(List<(string, VersionSummary?, bool)> rows, (string, VersionSummary?, bool) row, int maxKeys)
    {
        if (rows.Count == maxKeys)
        {
            return true;
        }

        rows.Add(row);
        return false;
    }
}
