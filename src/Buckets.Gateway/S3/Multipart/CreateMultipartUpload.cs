using Buckets.Abstractions;
using Buckets.Gateway.Xml;

namespace Buckets.Gateway.S3.Multipart;

/// <summary>CreateMultipartUpload (POST key?uploads): records the upload and the headers the object will carry.</summary>
public static class CreateMultipartUpload
{
    public static async Task HandleAsync(S3Request request, IGrainFactory grains)
    {
        PutObject.CheckKey(request.Key!, request.Resource);
        AccessControl.RequireNoGrants(request);
        await BucketOperations.RequireAsync(request, grains);
        var headers = ObjectHeaders.FromRequest(request.Http.Request);
        var tags = ObjectTags.FromHeader(request.Http.Request);
        await request.Body.CopyToAsync(Stream.Null, request.Http.RequestAborted);
        var upload = await grains.GetGrain<IMultipartUploadGrain>(UploadIds.New()).Create(request.Bucket!, request.Key!, headers, tags);

        var response = request.Http.Response;
        response.ContentType = S3Xml.ContentType;
        await using var writer = await S3Xml.CreateWriterAsync(response.Body, request.Http.RequestAborted);
        await S3Xml.WriteStartRootAsync(writer, "InitiateMultipartUploadResult");
        await S3Xml.WriteElementAsync(writer, "Bucket", upload.Bucket);
        await S3Xml.WriteElementAsync(writer, "Key", upload.Key);
        await S3Xml.WriteElementAsync(writer, "UploadId", upload.UploadId);
        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }
}
