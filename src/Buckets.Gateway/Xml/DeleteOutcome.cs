namespace Buckets.Gateway.Xml;

/// <summary>
/// What became of one object of a DeleteObjects request: deleted, or the S3 error code and message why not. In a
/// versioned bucket a delete may create or remove a delete marker: <paramref name="DeleteMarkerVersionId"/> names it.
/// </summary>
public sealed record DeleteOutcome(
    ObjectIdentifier Object, string? ErrorCode = null, string? ErrorMessage = null, bool DeleteMarker = false, string? DeleteMarkerVersionId = null)
{
    public bool Deleted => ErrorCode is null;
}
