using System.Buffers;
using System.Text;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// PutObject: streams the body block by block to the object's erasure set while the body stream computes the MD5
/// ETag on the way, then asks the key's registry to make the new version current. Small objects go inline in one call.
/// Memory is two blocks whatever the object size: one being read from the client, one being encoded and written.
/// </summary>
public static class PutObject
{
    public const int MaxKeyBytes = 1024;

    public static async Task HandleAsync(S3Request request, IGrainFactory grains, GatewayOptions options)
    {
        var bucket = request.Bucket!;
        var key = request.Key!;
        CheckKey(key, request.Resource);
        var versioning = (await BucketOperations.RequireAsync(request, grains)).Versioning;
        var size = request.DeclaredLength ?? throw new S3Exception(S3ErrorCode.MissingContentLength, resource: request.Resource);
        if (size > options.MaxObjectSize)
        {
            throw new S3Exception(S3ErrorCode.EntityTooLarge, resource: request.Resource);
        }

        var headers = ObjectHeaders.FromRequest(request.Http.Request);
        var createOnly = Preconditions.CreateOnly(request.Http.Request);
        var registry = grains.GetGrain<IObjectRegistryGrain>($"{bucket}/{key}");
        var cancel = request.Http.RequestAborted;
        ObjectVersion stored;
        if (size <= options.InlineThreshold)
        {
            var data = new byte[size];
            await BlockWriter.ReadExactlyAsync(request.Body, data, (int)size, cancel);
            await BlockWriter.ExpectEndAsync(request.Body, cancel);
            var etag = Etag(request);
            stored = await registry.PutInline(NewVersion(bucket, key, size, etag, headers), new Immutable<byte[]>(data), createOnly, versioning);
        }
        else
        {
            stored = await StreamAsync(request, grains, registry, size, headers, createOnly, versioning, cancel);
        }

        if (versioning != BucketVersioning.Unversioned)
        {
            request.Http.Response.Headers["x-amz-version-id"] = stored.DisplayVersionId;
        }

        request.Http.Response.Headers.ETag = S3Responses.QuotedETag(stored.ETag);
        request.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    public static void CheckKey(string key, string resource)
    {
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw new S3Exception(S3ErrorCode.KeyTooLongError, resource: resource);
        }
    }

    private static async Task<ObjectVersion> StreamAsync(
        S3Request request,
        IGrainFactory grains,
        IObjectRegistryGrain registry,
        long size,
        Dictionary<string, string> headers,
        bool createOnly,
        BucketVersioning versioning,
        CancellationToken cancel)
    {
        var ticket = await registry.BeginWrite();
        var committed = false;
        try
        {
            var mask = await BlockWriter.WriteAsync(request.Body, grains, request.Bucket!, request.Key!, ticket, size, cancel);
            await BlockWriter.ExpectEndAsync(request.Body, cancel);
            var etag = Etag(request);
            var version = NewVersion(request.Bucket!, request.Key!, size, etag, headers) with
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

    private static async Task AbortQuietlyAsync(IObjectRegistryGrain registry, WriteTicket ticket)
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

    private static ObjectVersion NewVersion(string bucket, string key, long size, string etag, Dictionary<string, string> headers) =>
        new(bucket, key, size, etag, DateTimeOffset.UtcNow, headers, new ObjectLayout(0, 0, 0), 0, 0, Guid.Empty, true);

    /// <summary>The MD5 the body stream computed (and checked against Content-MD5) on its way through.</summary>
    public static string Etag(S3Request request) =>
        Convert.ToHexStringLower(request.Payload?.Md5 ?? throw new InvalidOperationException("The body's MD5 was not computed."));
}
