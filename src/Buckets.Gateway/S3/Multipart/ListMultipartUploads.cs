using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;

namespace Buckets.Gateway.S3.Multipart;

/// <summary>
/// ListMultipartUploads (GET bucket?uploads): uploads in progress ordered by key (UTF-8) and then by initiation,
/// paged by key-marker and upload-id-marker, with prefix and delimiter as for object listings.
/// </summary>
public static class ListMultipartUploads
{
    public const int MaxUploads = 1000;

    public static async Task HandleAsync(S3Request request, IGrainFactory grains, string owner)
    {
        var query = request.Http.Request.Query;
        var prefix = query["prefix"].ToString();
        var delimiter = ListObjects.NullIfEmpty(query["delimiter"].ToString());
        var keyMarker = ListObjects.NullIfEmpty(query["key-marker"].ToString());
        var uploadIdMarker = ListObjects.NullIfEmpty(query["upload-id-marker"].ToString());
        var urlEncoded = ListObjects.ParseEncodingType(query["encoding-type"].ToString());
        var maxUploads = query.ContainsKey("max-uploads") ? ListObjects.ParseMaxKeys(query["max-uploads"].ToString()) : MaxUploads;
        await BucketOperations.RequireAsync(request, grains);

        var uploads = (await grains.GetGrain<IObjectListingGrain>(request.Bucket!).ListUploads())
            .Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(u => u.Key, Utf8Order.Instance)
            .ThenBy(u => u.Initiated)
            .ThenBy(u => u.UploadId, StringComparer.Ordinal)
            .ToList();
        if (keyMarker is not null)
        {
            var resume = uploadIdMarker is null ? -1 : uploads.FindIndex(u => u.Key == keyMarker && u.UploadId == uploadIdMarker);
            uploads = resume >= 0
                ? uploads.Skip(resume + 1).ToList()
                : uploads.Where(u => Utf8Order.Compare(u.Key, keyMarker) > 0).ToList();
        }

        // Rows are uploads or common prefixes, in order; a prefix stands for all the uploads under it.
        var rows = new List<(UploadInfo? Upload, string? Prefix)>();
        var truncated = false;
        foreach (var upload in uploads)
        {
            string? rolled = null;
            if (delimiter is not null)
            {
                var at = upload.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                rolled = at >= 0 ? upload.Key[..(at + delimiter.Length)] : null;
            }

            if (rolled is not null && rows.Count > 0 && rows[^1].Prefix == rolled)
            {
                continue;
            }

            if (rolled is not null && keyMarker is not null && Utf8Order.Compare(rolled, keyMarker) <= 0)
            {
                continue;
            }

            if (rows.Count == maxUploads)
            {
                truncated = true;
                break;
            }

            rows.Add(rolled is null ? (upload, null) : (null, rolled));
        }

        var encode = urlEncoded ? ListObjects.UrlEncode : (Func<string, string>)(s => s);
        var response = request.Http.Response;
        response.ContentType = S3Xml.ContentType;
        await using var writer = await S3Xml.CreateWriterAsync(response.Body, request.Http.RequestAborted);
        await S3Xml.WriteStartRootAsync(writer, "ListMultipartUploadsResult");
        await S3Xml.WriteElementAsync(writer, "Bucket", request.Bucket!);
        await S3Xml.WriteElementAsync(writer, "KeyMarker", encode(keyMarker ?? string.Empty));
        await S3Xml.WriteElementAsync(writer, "UploadIdMarker", uploadIdMarker ?? string.Empty);
        if (truncated && rows.Count > 0)
        {
            var last = rows[^1];
            await S3Xml.WriteElementAsync(writer, "NextKeyMarker", encode(last.Upload?.Key ?? last.Prefix!));
            await S3Xml.WriteElementAsync(writer, "NextUploadIdMarker", last.Upload?.UploadId ?? string.Empty);
        }

        await S3Xml.WriteElementAsync(writer, "Prefix", encode(prefix));
        if (delimiter is not null)
        {
            await S3Xml.WriteElementAsync(writer, "Delimiter", encode(delimiter));
        }

        if (urlEncoded)
        {
            await S3Xml.WriteElementAsync(writer, "EncodingType", "url");
        }

        await S3Xml.WriteElementAsync(writer, "MaxUploads", maxUploads);
        await S3Xml.WriteElementAsync(writer, "IsTruncated", truncated);
        var s3Owner = new S3Owner(owner, owner);
        foreach (var (upload, _) in rows.Where(r => r.Upload is not null))
        {
            await writer.WriteStartElementAsync(null, "Upload", null);
            await S3Xml.WriteElementAsync(writer, "Key", encode(upload!.Key));
            await S3Xml.WriteElementAsync(writer, "UploadId", upload.UploadId);
            await writer.WriteStartElementAsync(null, "Initiator", null);
            await S3Xml.WriteElementAsync(writer, "ID", s3Owner.Id);
            await S3Xml.WriteElementAsync(writer, "DisplayName", s3Owner.DisplayName);
            await writer.WriteEndElementAsync();
            await S3Xml.WriteOwnerAsync(writer, s3Owner);
            await S3Xml.WriteElementAsync(writer, "StorageClass", "STANDARD");
            await S3Xml.WriteElementAsync(writer, "Initiated", upload.Initiated);
            await writer.WriteEndElementAsync();
        }

        foreach (var (_, prefixRow) in rows.Where(r => r.Prefix is not null))
        {
            await writer.WriteStartElementAsync(null, "CommonPrefixes", null);
            await S3Xml.WriteElementAsync(writer, "Prefix", encode(prefixRow!));
            await writer.WriteEndElementAsync();
        }

        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }
}
