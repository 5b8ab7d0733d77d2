using Buckets.Gateway.Errors;

namespace Buckets.Gateway.S3.Multipart;

/// <summary>Upload ids as this server issues them: 32 lowercase hex digits, time-ordered.</summary>
public static class UploadIds
{
    public static string New() => Guid.CreateVersion7().ToString("N");

    /// <summary>The uploadId query parameter; anything this server cannot have issued is an unknown upload.</summary>
    public static string FromQuery(S3Request request)
    {
        var value = request.Http.Request.Query["uploadId"].ToString();
        if (value.Length != 32 || value.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0)
        {
            throw new S3Exception(S3ErrorCode.NoSuchUpload, resource: request.Resource);
        }

        return value;
    }
}
