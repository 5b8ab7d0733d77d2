namespace Buckets.Gateway.Errors;

/// <summary>
/// A request failure that S3 clients understand: the endpoint catches it and answers with
/// <see cref="S3ErrorXml"/>. Messages go to the client, so they never carry secrets.
/// </summary>
public sealed class S3Exception : Exception
{
    public S3Exception(S3ErrorCode error, string? message = null, string? resource = null, Exception? innerException = null)
        : base(message ?? error.DefaultMessage, innerException)
    {
        Error = error;
        Resource = resource;
    }

    public S3ErrorCode Error { get; }

    public string Code => Error.Code;

    public int StatusCode => Error.StatusCode;

    /// <summary>The bucket or object the request named, as S3 puts it in the error's Resource element.</summary>
    public string? Resource { get; }

    /// <summary>Response headers the error carries besides its body (x-amz-delete-marker, x-amz-version-id, ...).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The same error about a given resource, for layers that learn the resource late.</summary>
    public S3Exception WithResource(string resource) => new(Error, Message, resource, InnerException) { Headers = Headers };
}
