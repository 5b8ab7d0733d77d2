using Buckets.Gateway.Errors;

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
}
