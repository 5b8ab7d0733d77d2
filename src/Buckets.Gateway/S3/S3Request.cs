using Buckets.Gateway.Chunked;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>An S3 request as the handlers see it: who it addresses, and the body stream after signature decoding.</summary>
public sealed class S3Request(HttpContext http, string? bucket, string? key, string requestId)
{
    public HttpContext Http { get; } = http;

    public string? Bucket { get; } = bucket;

    /// <summary>The object key, decoded from the path exactly once: <c>%2F</c> in a key is a slash in the name.</summary>
    public string? Key { get; } = key;

    public string RequestId { get; } = requestId;

    /// <summary>The payload as the client meant it: aws-chunked framing removed, digests checked as it is read.</summary>
    public Stream Body { get; set; } = http.Request.Body;

    /// <summary>The verified body and what it yields once read to its end (MD5, x-amz-checksum-*).</summary>
    public RequestBody? Payload { get; set; }

    /// <summary>The payload length the client declared (x-amz-decoded-content-length or Content-Length), if any.</summary>
    public long? DeclaredLength { get; set; }

    public string Resource => Key is null ? $"/{Bucket}" : $"/{Bucket}/{Key}";
}
