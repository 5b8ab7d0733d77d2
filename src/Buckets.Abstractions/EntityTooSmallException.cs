namespace Buckets.Abstractions;

/// <summary>A part of a multipart upload other than the last is smaller than the minimum part size.</summary>
[GenerateSerializer, Alias("buckets.EntityTooSmallException")]
public sealed class EntityTooSmallException : Exception
{
    public EntityTooSmallException()
    {
    }

    public EntityTooSmallException(string message)
        : base(message)
    {
    }

    public EntityTooSmallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
