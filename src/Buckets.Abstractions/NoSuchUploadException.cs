namespace Buckets.Abstractions;

/// <summary>The upload does not exist: never created, completed or aborted, or made for another key.</summary>
[GenerateSerializer, Alias("buckets.NoSuchUploadException")]
public sealed class NoSuchUploadException : Exception
{
    public NoSuchUploadException()
    {
    }

    public NoSuchUploadException(string message)
        : base(message)
    {
    }

    public NoSuchUploadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
