using System.Diagnostics;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Buckets.Gateway.S3.Multipart;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Buckets.Gateway.S3;

/// <summary>
/// The S3 endpoint: names the request, authenticates it, routes it to its operation, and turns every failure into
/// the S3 error a client expects. Handlers turn HTTP into grain calls and back, nothing more.
/// </summary>
/// <remarks>The end of its branch: every request on the S3 port is an S3 request, so it never calls on.</remarks>
public sealed class S3Middleware(
#pragma warning disable CS9113 // ASP.NET Core hands every middleware its successor.
    RequestDelegate next,
#pragma warning restore CS9113
    IGrainFactory grains,
    S3Authentication authentication,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    ILogger<S3Middleware> logger)
{
    private readonly GatewayOptions settings = options.Value;

    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 8));
        http.Response.Headers["x-amz-request-id"] = requestId;
        http.Response.Headers["x-amz-id-2"] = requestId;
        http.Response.Headers.Server = "Buckets";
        var (bucket, key) = S3Addressing.Parse(http, settings.Domains);
        var request = new S3Request(http, bucket, key, requestId);
        var operation = S3Routing.Route(http.Request, bucket, key);
        using var activity = GatewayMetrics.Tracing.StartActivity("S3 " + operation);
        activity?.SetTag("s3.bucket", bucket);
        try
        {
            await authentication.AuthenticateAsync(request);
            await DispatchAsync(request, operation);
        }
        catch (S3Exception error)
        {
            await WriteErrorAsync(request, error.Resource is null ? error.WithResource(request.Resource) : error);
        }
        catch (NoSuchUploadException)
        {
            await WriteErrorAsync(request, new S3Exception(S3ErrorCode.NoSuchUpload, resource: request.Resource));
        }
        catch (InvalidPartException error)
        {
            await WriteErrorAsync(request, new S3Exception(S3ErrorCode.InvalidPart, error.Message, request.Resource));
        }
        catch (InvalidPartOrderException error)
        {
            await WriteErrorAsync(request, new S3Exception(S3ErrorCode.InvalidPartOrder, error.Message, request.Resource));
        }
        catch (EntityTooSmallException error)
        {
            await WriteErrorAsync(request, new S3Exception(S3ErrorCode.EntityTooSmall, error.Message, request.Resource));
        }
        catch (PreconditionFailedException)
        {
            await WriteErrorAsync(request, new S3Exception(S3ErrorCode.PreconditionFailed, resource: request.Resource));
        }
        catch (StorageUnavailableException error)
        {
            GatewayLog.StorageUnavailable(logger, operation, request.Resource, error.Message);
            await WriteErrorAsync(request, new S3Exception(S3ErrorCode.ServiceUnavailable, resource: request.Resource));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception error) when (error is BadHttpRequestException or IOException && http.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            GatewayLog.Failed(logger, error, operation, request.Resource, requestId);
            await WriteErrorAsync(request, new S3Exception(S3ErrorCode.InternalError, resource: request.Resource));
        }
        finally
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var received = operation is S3Operation.PutObject or S3Operation.UploadPart && http.Response.StatusCode < 300 ? request.DeclaredLength ?? 0 : 0;
            var sent = operation == S3Operation.GetObject && http.Response.StatusCode < 300 ? http.Response.ContentLength ?? 0 : 0;
            metrics.Record(operation, http.Response.StatusCode, seconds, received, sent);
        }
    }

    private Task DispatchAsync(S3Request request, S3Operation operation) => operation switch
    {
        S3Operation.ListBuckets => ServiceOperations.ListBucketsAsync(request, grains, authentication.Owner),
        S3Operation.CreateBucket => BucketOperations.CreateAsync(request, grains),
        S3Operation.DeleteBucket => BucketOperations.DeleteAsync(request, grains),
        S3Operation.HeadBucket => BucketOperations.HeadAsync(request, grains, settings.Region),
        S3Operation.GetBucketLocation => BucketOperations.LocationAsync(request, grains, settings.Region),
        S3Operation.ListObjects => ListObjects.HandleAsync(request, grains, authentication.Owner, v2: false),
        S3Operation.ListObjectsV2 => ListObjects.HandleAsync(request, grains, authentication.Owner, v2: true),
        S3Operation.ListObjectVersions => ListObjectVersions.HandleAsync(request, grains, authentication.Owner),
        S3Operation.GetBucketVersioning => BucketVersioningOperations.GetAsync(request, grains),
        S3Operation.PutBucketVersioning => BucketVersioningOperations.PutAsync(request, grains),
        S3Operation.CreateMultipartUpload => CreateMultipartUpload.HandleAsync(request, grains),
        S3Operation.UploadPart => UploadPart.HandleAsync(request, grains),
        S3Operation.UploadPartCopy => UploadPartCopy.HandleAsync(request, grains),
        S3Operation.CompleteMultipartUpload => CompleteMultipartUpload.HandleAsync(request, grains),
        S3Operation.AbortMultipartUpload => AbortMultipartUpload.HandleAsync(request, grains),
        S3Operation.ListParts => ListParts.HandleAsync(request, grains, authentication.Owner),
        S3Operation.ListMultipartUploads => ListMultipartUploads.HandleAsync(request, grains, authentication.Owner),
        S3Operation.PutObject => PutObject.HandleAsync(request, grains, settings),
        S3Operation.GetObject => GetObject.HandleAsync(request, grains, headOnly: false),
        S3Operation.HeadObject => GetObject.HandleAsync(request, grains, headOnly: true),
        S3Operation.DeleteObject => DeleteObject.HandleAsync(request, grains),
        S3Operation.DeleteObjects => DeleteObjects.HandleAsync(request, grains, logger),
        S3Operation.CopyObject => CopyObject.HandleAsync(request, grains, settings),
        S3Operation.GetObjectTagging => ObjectTagging.GetAsync(request, grains),
        S3Operation.PutObjectTagging => ObjectTagging.PutAsync(request, grains),
        S3Operation.DeleteObjectTagging => ObjectTagging.DeleteAsync(request, grains),
        S3Operation.GetBucketAcl => AccessControl.GetBucketAsync(request, grains, authentication.Owner),
        S3Operation.PutBucketAcl => AccessControl.PutBucketAsync(request, grains, authentication.Owner),
        S3Operation.GetObjectAcl => AccessControl.GetObjectAsync(request, grains, authentication.Owner),
        S3Operation.PutObjectAcl => AccessControl.PutObjectAsync(request, grains, authentication.Owner),
        S3Operation.GetBucketOwnershipControls => AccessControl.GetOwnershipAsync(request, grains),
        S3Operation.PutBucketOwnershipControls => AccessControl.PutOwnershipAsync(request, grains),
        S3Operation.GetBucketConfiguration => AbsentBucketConfigurations.GetAsync(request, grains),
        S3Operation.DeleteBucketConfiguration => AbsentBucketConfigurations.DeleteAsync(request, grains),
        _ => throw new S3Exception(S3ErrorCode.NotImplemented,
            $"{request.Http.Request.Method} {request.Http.Request.Path}{request.Http.Request.QueryString} is not implemented by this server yet."),
    };

    private static async Task WriteErrorAsync(S3Request request, S3Exception error)
    {
        var response = request.Http.Response;
        if (response.HasStarted)
        {
            // Headers are out: the only honest signal left is to cut the connection short.
            request.Http.Abort();
            return;
        }

        response.Clear();
        response.Headers["x-amz-id-2"] = request.RequestId;
        foreach (var (name, value) in error.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        await S3ErrorXml.WriteResponseAsync(response, error, request.RequestId, CancellationToken.None);
    }
}
