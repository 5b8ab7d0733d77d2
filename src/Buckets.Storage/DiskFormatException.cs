namespace Buckets.Storage;

/// <summary>
/// A disk directory cannot be used as the disk it was expected to be: it belongs to another deployment, set or
/// position, uses another erasure code, is not a Buckets disk, or its <c>format.json</c> is unreadable. The message
/// is one line naming the directory, what was expected and what was found, because an operator reads it first.
/// </summary>
public sealed class DiskFormatException : Exception
{
    public DiskFormatException()
    {
    }

    public DiskFormatException(string message)
        : base(message)
    {
    }

    public DiskFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
