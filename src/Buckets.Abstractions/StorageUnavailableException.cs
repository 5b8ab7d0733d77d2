namespace Buckets.Abstractions;

/// <summary>
/// Too few disks answered to reach a quorum: the operation changed nothing visible. The gateway answers 503 so
/// clients retry.
/// </summary>
[GenerateSerializer, Alias("buckets.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
