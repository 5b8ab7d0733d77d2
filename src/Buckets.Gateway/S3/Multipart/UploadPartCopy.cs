using System.Globalization;
using System.Security.Cryptography;
using Buckets.Abstractions;
using Buckets.Gateway.Auth;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Objects;
using Buckets.Gateway.Xml;

namespace Buckets.Gateway.S3.Multipart;

/// <summary>
/// UploadPartCopy (PUT key?partNumber=N&amp;uploadId=X with x-amz-copy-source): a part made from another object, or a
/// byte range of it (x-amz-copy-source-range). A whole object of one piece in the upload's erasure set is linked like
/// a CopyObject; anything else is read and written on the server. The part's ETag is the MD5 of the bytes copied.
/// </summary>
public static class UploadPartCopy
{
    public const string RangeHeader = "x-amz-copy-source-range";

    public static async Task HandleAsync(S3Request request, IGrainFactory grains)
    {
        var http = request.Http.Request;
        var uploadId = UploadIds.FromQuery(request);
        var partNumber = UploadPart.PartNumber(request);
        var source = CopySource.Parse(http.Headers[CopySource.HeaderName]);
        await BucketOperations.RequireAsync(request, grains);
        var state = await CopyObject.ReadSourceAsync(grains, source);
        var version = state.Version;
        Preconditions.CheckCopySource(http, version);
        var (start, length) = Range(http.Headers[RangeHeader].ToString(), version.Size);
        if (length > UploadPart.MaxPartSize)
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest,
                $"The specified copy source is larger than the maximum allowable size for a copy source: {UploadPart.MaxPartSize}");
        }

        var cancel = request.Http.RequestAborted;
        var part = start == 0 && length == version.Size
            ? await TryLinkAsync(grains, uploadId, request.Bucket!, request.Key!, partNumber, version)
            : null;
        part ??= await StreamAsync(grains, uploadId, request.Bucket!, request.Key!, partNumber, state, start, length, cancel);

        var response = request.Http.Response;
        if (version.VersionId is not null || source.VersionId is not null)
        {
            response.Headers["x-amz-copy-source-version-id"] = version.DisplayVersionId;
        }

        response.ContentType = S3Xml.ContentType;
        await using var writer = await S3Xml.CreateWriterAsync(response.Body, cancel);
        await S3Xml.WriteStartRootAsync(writer, "CopyPartResult");
        await S3Xml.WriteElementAsync(writer, "LastModified", part.LastModified);
        await S3Xml.WriteElementAsync(writer, "ETag", S3Responses.QuotedETag(part.ETag));
        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }

    /// <summary>
    /// A whole source object of one data dir, in the upload's erasure set and layout, becomes the part by hard links
    /// (as <see cref="ObjectLinker"/> does for CopyObject): its ETag, the MD5 of its bytes, is the part's. Null when
    /// the part must be streamed: an inline or multipart source, another set, too few disks could link.
    /// </summary>
    private static async Task<UploadedPart?> TryLinkAsync(IGrainFactory grains, string uploadId, string bucket, string key, int number, ObjectVersion source)
    {
        if (source.Inline || source.Parts is not null || source.DataDir == Guid.Empty || !Hex.IsHex(source.ETag, 2 * ContentMd5.Length))
        {
            return null;
        }

        var upload = grains.GetGrain<IMultipartUploadGrain>(uploadId);
        var ticket = await upload.BeginPart(bucket, key);
        if (ticket.SetIndex != source.SetIndex || ticket.Layout != source.Layout)
        {
            return null;
        }

        var mask = await grains.GetGrain<IErasureSetGrain>(ticket.SetIndex)
            .LinkDataDirs(new DataDirLinks(source.Bucket, source.Key, bucket, key, [new DataDirLink(source.DataDir, ticket.DataDir)]));
        if (mask == 0)
        {
            return null;
        }

        // The upload grain owns the links from here: a part it cannot record is removed by it.
        return await upload.CommitPart(bucket, key, new UploadedPart(number, source.Size, source.ETag, ticket.DataDir, DateTimeOffset.UtcNow), mask);
    }

    private static async Task<UploadedPart> StreamAsync(
        IGrainFactory grains, string uploadId, string bucket, string key, int number, ObjectState source, long start, long length, CancellationToken cancel)
    {
        var md5 = new DigestCheck(new HashAlgorithmChecksum(HashAlgorithmName.MD5), null, S3ErrorCode.InternalError);
        await using var reader = new ObjectReadStream(ObjectReader.ReadAsync(grains, source, start, length), length);
        await using var digested = new DigestVerifyingStream(reader, length, [md5], leaveOpen: true);
        return await UploadPart.StoreAsync(grains, uploadId, bucket, key, number, digested, length, () => Convert.ToHexStringLower(md5.Result!), cancel);
    }

    /// <summary>x-amz-copy-source-range: <c>bytes=first-last</c>, both given and inside the source; absent, the whole source.</summary>
    public static (long Start, long Length) Range(string header, long size)
    {
        if (header.Length == 0)
        {
            return (0, size);
        }

        var spec = header.StartsWith("bytes=", StringComparison.Ordinal) ? header[6..] : null;
        var dash = spec?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (spec is null || dash <= 0
            || !long.TryParse(spec[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(spec[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy");
        }

        if (first > last || last >= size)
        {
            throw new S3Exception(S3ErrorCode.InvalidRange, $"Range specified is not valid for source object of size: {size}");
        }

        return (first, last - first + 1);
    }
}
