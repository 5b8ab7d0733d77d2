using System.Globalization;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;

namespace Buckets.Gateway.S3.Multipart;

/// <summary>ListParts (GET key?uploadId=X): the parts so far in number order, paged by part-number-marker.</summary>
public static class ListParts
{
    public const int MaxParts = 1000;

    public static async Task HandleAsync(S3Request request, IGrainFactory grains, string owner)
    {
        var uploadId = UploadIds.FromQuery(request);
        var query = request.Http.Request.Query;
        var maxParts = Number(query["max-parts"].ToString(), MaxParts, "max-parts");
        var marker = Number(query["part-number-marker"].ToString(), 0, "part-number-marker");
        await BucketOperations.RequireAsync(request, grains);
        var state = await grains.GetGrain<IMultipartUploadGrain>(uploadId).Get(request.Bucket!, request.Key!);
        var after = state.Parts.Where(p => p.Number > marker).ToArray();
        var page = after.Take(Math.Min(maxParts, MaxParts)).ToArray();
        var truncated = after.Length > page.Length;

        var response = request.Http.Response;
        response.ContentType = S3Xml.ContentType;
        await using var writer = await S3Xml.CreateWriterAsync(response.Body, request.Http.RequestAborted);
        await S3Xml.WriteStartRootAsync(writer, "ListPartsResult");
        await S3Xml.WriteElementAsync(writer, "Bucket", state.Info.Bucket);
        await S3Xml.WriteElementAsync(writer, "Key", state.Info.Key);
        await S3Xml.WriteElementAsync(writer, "UploadId", state.Info.UploadId);
        await S3Xml.WriteElementAsync(writer, "PartNumberMarker", marker);
        if (page.Length > 0)
        {
            await S3Xml.WriteElementAsync(writer, "NextPartNumberMarker", page[^1].Number);
        }

        await S3Xml.WriteElementAsync(writer, "MaxParts", maxParts);
        await S3Xml.WriteElementAsync(writer, "IsTruncated", truncated);
        var s3Owner = new S3Owner(owner, owner);
        await writer.WriteStartElementAsync(null, "Initiator", null);
        await S3Xml.WriteElementAsync(writer, "ID", s3Owner.Id);
        await S3Xml.WriteElementAsync(writer, "DisplayName", s3Owner.DisplayName);
        await writer.WriteEndElementAsync();
        await S3Xml.WriteOwnerAsync(writer, s3Owner);
        await S3Xml.WriteElementAsync(writer, "StorageClass", "STANDARD");
        foreach (var part in page)
        {
            await writer.WriteStartElementAsync(null, "Part", null);
            await S3Xml.WriteElementAsync(writer, "PartNumber", part.Number);
            await S3Xml.WriteElementAsync(writer, "LastModified", part.LastModified);
            await S3Xml.WriteElementAsync(writer, "ETag", S3Responses.QuotedETag(part.ETag));
            await S3Xml.WriteElementAsync(writer, "Size", part.Size);
            await writer.WriteEndElementAsync();
        }

        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }

    private static int Number(string value, int absent, string name) =>
        value.Length == 0 ? absent
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : throw new S3Exception(S3ErrorCode.InvalidArgument, $"Provided {name} not an integer or within integer range");
}
