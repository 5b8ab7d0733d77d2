namespace Buckets.Storage;

/// <summary>
/// A bucket's key index on a disk cannot answer: it has to be rebuilt from the metadata files and no
/// <see cref="IObjectIndexer"/> is configured, or rebuilding it failed. Metadata writes are not affected.
/// </summary>
public sealed class ObjectIndexUnavailableException : IOException
{
    public ObjectIndexUnavailableException(string message)
        : base(message)
    {
    }

    public ObjectIndexUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
