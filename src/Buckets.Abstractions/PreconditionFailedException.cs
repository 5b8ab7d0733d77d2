namespace Buckets.Abstractions;

/// <summary>A conditional write found the key in a state its condition rules out (If-None-Match: * on an existing key).</summary>
[GenerateSerializer, Alias("buckets.PreconditionFailedException")]
public sealed class PreconditionFailedException : Exception
{
    public PreconditionFailedException()
    {
    }

    public PreconditionFailedException(string message)
        : base(message)
    {
    }

    public PreconditionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
