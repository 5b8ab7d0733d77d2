namespace Buckets.Storage;

/// <summary>
/// Items in UTF-8 byte order of their names. <paramref name="IsTruncated"/>: more items follow; continue with
/// <c>StartAfter = </c><see cref="Last"/>.
/// </summary>
public sealed record IndexPage(IReadOnlyList<IndexItem> Items, bool IsTruncated)
{
    /// <summary>The name of the last item (key or common prefix), or null for an empty page.</summary>
    public string? Last => Items.Count > 0 ? Items[^1].Name : null;
}
