using Buckets.Gateway.Auth;
using Buckets.Gateway.Chunked;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// Checks a request's signature and puts the matching body decoder in front of the handlers: aws-chunked framing
/// removed, and every chunk signature, declared SHA-256, Content-MD5 and checksum verified as the bytes are read.
/// </summary>
public sealed class S3Authentication(SigV4Authenticator authenticator, string owner)
{
    /// <summary>The canonical id of the root user, shown as the owner of everything.</summary>
    public string Owner { get; } = owner;

    public async Task AuthenticateAsync(S3Request request)
    {
        var http = request.Http.Request;
        var context = await authenticator.AuthenticateAsync(http, request.Http.RequestAborted);

        // Only a PUT of an object needs the MD5 (its ETag); computing it as the body streams spares a second pass.
        var payload = RequestBody.Open(http, context, computeMd5: HttpMethods.IsPut(http.Method) && request.Key is not null);
        request.Http.Response.RegisterForDispose(payload);
        request.Payload = payload;
        request.Body = payload.Content;
        request.DeclaredLength = payload.Length;
    }
}
