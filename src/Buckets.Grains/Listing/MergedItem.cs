namespace Buckets.Grains.Listing;

/// <summary>An entry the listing merge agreed on: a key with its summary, or a common prefix.</summary>
public sealed record MergedItem(string Name, bool IsPrefix, bool Hidden, byte[]? Summary);
