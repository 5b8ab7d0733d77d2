using System.Security.Cryptography;
using Buckets.Abstractions;
using Buckets.Gateway.Auth;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Objects;
using Buckets.Gateway.Xml;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// CopyObject (PUT with x-amz-copy-source). Inside one erasure set the copy shares the source's shard files by hard
/// links (<see cref="ObjectLinker"/>): no byte moves, and the shards keep the checksums every read verifies. Otherwise
/// (another set, an inline object, a new checksum algorithm, too few disks could link) the source is read through
/// <see cref="ObjectReader"/> and written through <see cref="ObjectWriter"/> on the server, never buffered whole; on
/// the way its MD5 must equal the source's ETag and its stored checksum (or the one x-amz-checksum-algorithm asks
/// for) is recomputed, so such a copy never makes a silent corruption permanent.
/// </summary>
public static class CopyObject
{
    /// <summary>S3's largest copy source: bigger objects are copied part by part (UploadPartCopy).</summary>
    public const long MaxSourceSize = 5L * 1024 * 1024 * 1024;

    public const string MetadataDirectiveHeader = "x-amz-metadata-directive";

    public const string ChecksumAlgorithmHeader = "x-amz-checksum-algorithm";

    /// <summary>One erasure block: the reads that compute a linked copy's MD5 take the blocks whole.</summary>
    private const int LinkedReadBufferSize = 1 << 20;

    public static async Task HandleAsync(S3Request request, IGrainFactory grains, GatewayOptions options)
    {
        var http = request.Http.Request;
        PutObject.CheckKey(request.Key!, request.Resource);
        AccessControl.RequireNoGrants(request);
        var source = CopySource.Parse(http.Headers[CopySource.HeaderName]);
        var replaceMetadata = ReplacesMetadata(http);
        var replaceTags = ObjectTags.ReplacesTags(http);
        var requestTags = replaceTags ? ObjectTags.FromHeader(http) : null;
        var newAlgorithm = RequestedChecksum(http);
        var createOnly = Preconditions.CreateOnly(http);
        var versioning = (await BucketOperations.RequireAsync(request, grains)).Versioning;
        var state = await ReadSourceAsync(grains, source);
        var version = state.Version;
        Preconditions.CheckCopySource(http, version);
        CheckSourceSize(version.Size);
        if (source.Bucket == request.Bucket && source.Key == request.Key && !replaceMetadata && newAlgorithm is null)
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest,
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        var headers = replaceMetadata ? ObjectHeaders.FromRequest(http) : new Dictionary<string, string>(version.Headers, StringComparer.OrdinalIgnoreCase);
        var tags = replaceTags ? requestTags : version.Tags;
        var cancel = request.Http.RequestAborted;

        // A copy that keeps the bytes' checksum and stays out of the inline path can share the source's shard files.
        var stored = version.Size > options.InlineThreshold && (newAlgorithm is null || ObjectHeaders.ChecksumOf(version.Headers)?.Algorithm == newAlgorithm)
            ? await ObjectLinker.TryCopyAsync(grains, version, request.Bucket!, request.Key!, createOnly, versioning, tags,
                linked => DescribeLinkedAsync(grains, linked, version, headers, cancel))
            : null;
        stored ??= await StreamAsync(grains, state, request.Bucket!, request.Key!, headers, tags, newAlgorithm, options.InlineThreshold, createOnly, versioning, cancel);

        var response = request.Http.Response;
        if (version.VersionId is not null || source.VersionId is not null)
        {
            response.Headers["x-amz-copy-source-version-id"] = version.DisplayVersionId;
        }

        if (versioning != BucketVersioning.Unversioned)
        {
            response.Headers["x-amz-version-id"] = stored.DisplayVersionId;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = S3Xml.ContentType;
        await S3Xml.WriteCopyObjectResultAsync(response.Body, stored.ETag, stored.LastModified, ObjectHeaders.ChecksumOf(stored.Headers), cancel);
    }

    /// <summary>The copy read block by block from the source and written as a new object: across sets, or when the bytes must be looked at.</summary>
    private static async Task<ObjectVersion> StreamAsync(
        IGrainFactory grains,
        ObjectState state,
        string bucket,
        string key,
        Dictionary<string, string> headers,
        ObjectTag[]? tags,
        ChecksumAlgorithm? newAlgorithm,
        int inlineThreshold,
        bool createOnly,
        BucketVersioning versioning,
        CancellationToken cancel)
    {
        var version = state.Version;
        var md5 = new DigestCheck(new HashAlgorithmChecksum(HashAlgorithmName.MD5), SinglePartMd5(version.ETag), S3ErrorCode.InternalError,
            "The copy source did not read back as it was stored.");
        var checksum = ChecksumCheck(version, newAlgorithm);
        DigestCheck[] checks = checksum is { } c ? [md5, c.Check] : [md5];

        await using var reader = new ObjectReadStream(ObjectReader.ReadAsync(grains, state, 0, version.Size), version.Size);
        await using var verified = new DigestVerifyingStream(reader, version.Size, checks, leaveOpen: true);
        return await ObjectWriter.WriteAsync(grains, bucket, key, verified, version.Size, inlineThreshold, createOnly, versioning, tags,
            () => (Convert.ToHexStringLower(md5.Result!), ObjectHeaders.WithChecksum(headers,
                checksum is { } kept ? new ChecksumValue(kept.Algorithm, Convert.ToBase64String(kept.Check.Result!)) : null)),
            cancel);
    }

    /// <summary>
    /// The ETag and headers of a copy linked to its source's shards. A source whose ETag is the MD5 of its bytes
    /// passes it on, with its checksum. A multipart source's ETag is no MD5: the copy's is computed by reading the
    /// linked copy once (verifying the stored checksum on the way), so the ETag is the one a streamed copy gives.
    /// </summary>
    private static async Task<(string ETag, Dictionary<string, string> Headers)> DescribeLinkedAsync(
        IGrainFactory grains, ObjectState linked, ObjectVersion source, Dictionary<string, string> headers, CancellationToken cancel)
    {
        var kept = ObjectHeaders.ChecksumOf(source.Headers);
        if (SinglePartMd5(source.ETag) is not null)
        {
            return (source.ETag, ObjectHeaders.WithChecksum(headers, kept));
        }

        var md5 = new DigestCheck(new HashAlgorithmChecksum(HashAlgorithmName.MD5), null, S3ErrorCode.InternalError);
        var checksum = ChecksumCheck(source, null);
        DigestCheck[] checks = checksum is { } c ? [md5, c.Check] : [md5];
        await using var reader = new ObjectReadStream(ObjectReader.ReadAsync(grains, linked, 0, source.Size), source.Size);
        await using var verified = new DigestVerifyingStream(reader, source.Size, checks, leaveOpen: true);
        await verified.CopyToAsync(Stream.Null, LinkedReadBufferSize, cancel);
        return (Convert.ToHexStringLower(md5.Result!), ObjectHeaders.WithChecksum(headers, kept));
    }

    /// <summary>S3 copies at most 5 GiB in one request.</summary>
    public static void CheckSourceSize(long size)
    {
        if (size > MaxSourceSize)
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest,
                $"The specified copy source is larger than the maximum allowable size for a copy source: {MaxSourceSize}");
        }
    }

    public static async Task<ObjectState> ReadSourceAsync(IGrainFactory grains, CopySource source)
    {
        var resource = $"/{source.Bucket}/{source.Key}";
        if (source.VersionId is { } versionId && !VersionIds.IsWellFormed(versionId))
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, VersionIds.InvalidMessage, resource);
        }

        // A single root user owns every bucket: reading the source needs nothing more than its existence.
        if (!BucketNames.IsValid(source.Bucket) || await grains.GetGrain<IBucketGrain>(source.Bucket).Get() is null)
        {
            throw new S3Exception(S3ErrorCode.NoSuchBucket, resource: "/" + source.Bucket);
        }

        var state = await grains.GetGrain<IObjectRegistryGrain>($"{source.Bucket}/{source.Key}").Get(source.VersionId)
            ?? throw new S3Exception(source.VersionId is null ? S3ErrorCode.NoSuchKey : S3ErrorCode.NoSuchVersion, resource: resource);
        if (state.Version.IsDeleteMarker)
        {
            throw source.VersionId is null
                ? new S3Exception(S3ErrorCode.NoSuchKey, resource: resource)
                : new S3Exception(S3ErrorCode.InvalidRequest, "The source of a copy request may not specifically refer to a delete marker by version id.", resource);
        }

        return state;
    }

    /// <summary>x-amz-metadata-directive: COPY (the default) keeps the source's headers, REPLACE takes the request's.</summary>
    private static bool ReplacesMetadata(HttpRequest request)
    {
        var directive = request.Headers[MetadataDirectiveHeader].ToString().Trim();
        if (directive.Length == 0 || directive.Equals("COPY", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return directive.Equals("REPLACE", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new S3Exception(S3ErrorCode.InvalidArgument, "Unknown metadata directive.");
    }

    private static ChecksumAlgorithm? RequestedChecksum(HttpRequest request)
    {
        var name = request.Headers[ChecksumAlgorithmHeader].ToString().Trim();
        if (name.Length == 0)
        {
            return null;
        }

        return ChecksumAlgorithms.TryParseName(name, out var algorithm)
            ? algorithm
            : throw new S3Exception(S3ErrorCode.InvalidRequest,
                "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
    }

    /// <summary>
    /// The copy keeps the source's checksum, verified on the way, unless the request names another algorithm: that
    /// one is computed instead. Null when there is neither.
    /// </summary>
    private static (ChecksumAlgorithm Algorithm, DigestCheck Check)? ChecksumCheck(ObjectVersion source, ChecksumAlgorithm? requested)
    {
        var stored = ObjectHeaders.ChecksumOf(source.Headers);
        if (requested is { } algorithm && stored?.Algorithm != algorithm)
        {
            return (algorithm, new DigestCheck(ChecksumAlgorithms.Create(algorithm), null, S3ErrorCode.InternalError));
        }

        if (stored is not { } known)
        {
            return null;
        }

        var expected = new byte[ChecksumAlgorithms.HashLength(known.Algorithm)];
        return ChecksumAlgorithms.TryDecode(known.Algorithm, known.Base64, expected)
            ? (known.Algorithm, new DigestCheck(ChecksumAlgorithms.Create(known.Algorithm), expected, S3ErrorCode.InternalError,
                "The copy source did not read back with the checksum it was stored with."))
            : throw new InvalidOperationException($"{source.Bucket}/{source.Key} has a malformed stored checksum.");
    }

    /// <summary>An ETag that is a plain MD5 (32 hex digits), as bytes; null for a multipart ETag ("md5-parts"), which is no MD5 of the bytes.</summary>
    private static byte[]? SinglePartMd5(string etag) =>
        Hex.IsHex(etag, 2 * ContentMd5.Length) ? Convert.FromHexString(etag) : null;
}
