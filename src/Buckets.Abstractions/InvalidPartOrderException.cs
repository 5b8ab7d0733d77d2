namespace Buckets.Abstractions;

/// <summary>The parts of CompleteMultipartUpload are not in ascending part number order.</summary>
[GenerateSerializer, Alias("buckets.InvalidPartOrderException")]
public sealed class InvalidPartOrderException : Exception
{
    public InvalidPartOrderException()
    {
    }

    public InvalidPartOrderException(string message)
        : base(message)
    {
    }

    public InvalidPartOrderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
