namespace Buckets.Gateway.Xml;

/// <summary>What became of one object of a DeleteObjects request: deleted, or the S3 error code and message why not.</summary>
public sealed record DeleteOutcome(ObjectIdentifier Object, string? ErrorCode = null, string? ErrorMessage = null)
{
    public bool Deleted => ErrorCode is null;
}
