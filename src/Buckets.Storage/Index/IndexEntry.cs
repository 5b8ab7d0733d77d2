namespace Buckets.Storage;

/// <summary>
/// What the key index holds for one object key: whether the key is <paramref name="Hidden"/> (it exists only as
/// delete markers: listed with versions, skipped by a plain listing and its common prefixes) and an opaque
/// <paramref name="Summary"/> of at most <see cref="MaxSummaryBytes"/> bytes that the layer above fills (size,
/// ETag, modification time, versions) so that a listing needs no metadata reads.
/// </summary>
public readonly record struct IndexEntry(bool Hidden, ReadOnlyMemory<byte> Summary)
{
    public const int MaxSummaryBytes = 64 * 1024;

    /// <summary>Entries are equal when their flags and summary bytes are.</summary>
    public bool Equals(IndexEntry other) => Hidden == other.Hidden && Summary.Span.SequenceEqual(other.Summary.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Hidden);
        hash.AddBytes(Summary.Span);
        return hash.ToHashCode();
    }

    internal void Validate(string parameterName)
    {
        if (Summary.Length > MaxSummaryBytes)
        {
            throw new ArgumentException($"An index summary is {Summary.Length} bytes; at most {MaxSummaryBytes} are allowed.", parameterName);
        }
    }
}
