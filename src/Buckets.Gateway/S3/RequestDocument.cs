using Buckets.Gateway.Checksums;
using Buckets.Gateway.Chunked;
using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// The small XML bodies S3 requests carry (DeleteObjects, CompleteMultipartUpload, versioning configuration): read
/// whole, so their digests are verified before they are parsed, and refused past a size no valid document reaches.
/// </summary>
public static class RequestDocument
{
    public static async Task<MemoryStream> ReadAsync(S3Request request, int maxBytes, S3ErrorCode tooLarge, CancellationToken cancel)
    {
        if (request.DeclaredLength > maxBytes)
        {
            throw new S3Exception(tooLarge);
        }

        var document = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancel)) > 0)
        {
            if (document.Length + read > maxBytes)
            {
                throw new S3Exception(tooLarge);
            }

            document.Write(buffer, 0, read);
        }

        document.Position = 0;
        return document;
    }

    /// <summary>
    /// S3 refuses the documents that change what objects are (DeleteObjects, PutObjectTagging) when nothing vouches
    /// for their bytes: a flipped byte could name another key or another tag.
    /// </summary>
    public static void RequireIntegrityCheck(HttpRequest request)
    {
        var headers = request.Headers;
        if (headers.ContainsKey(ContentMd5.HeaderName) || headers.ContainsKey(AwsChunkedStream.TrailerHeader) ||
            ChecksumAlgorithms.All.Any(a => headers.ContainsKey(ChecksumAlgorithms.HeaderName(a))))
        {
            return;
        }

        throw new S3Exception(S3ErrorCode.InvalidRequest, "Missing required header for this request: Content-MD5");
    }
}
