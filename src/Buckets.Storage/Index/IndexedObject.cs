namespace Buckets.Storage;

/// <summary>An object key and how it lists, as an <see cref="IObjectIndexer"/> reads them from a metadata document.</summary>
public readonly record struct IndexedObject(string Key, IndexEntry Entry);
