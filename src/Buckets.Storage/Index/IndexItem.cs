namespace Buckets.Storage;

/// <summary>
/// One item of an <see cref="IndexPage"/>: a key with its entry, or a common prefix (<paramref name="IsCommonPrefix"/>,
/// with a default <paramref name="Entry"/>).
/// </summary>
public readonly record struct IndexItem(string Name, bool IsCommonPrefix, IndexEntry Entry);
