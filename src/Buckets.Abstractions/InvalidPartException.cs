namespace Buckets.Abstractions;

/// <summary>A part named by CompleteMultipartUpload was not uploaded, or its ETag does not match.</summary>
[GenerateSerializer, Alias("buckets.InvalidPartException")]
public sealed class InvalidPartException : Exception
{
    public InvalidPartException()
    {
    }

    public InvalidPartException(string message)
        : base(message)
    {
    }

    public InvalidPartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
