namespace Buckets.Abstractions;

/// <summary>A disk's answer to a replace of an object's metadata: whether it wrote, and the document it found.</summary>
/// <param name="Written">False when the document found holds more than an unversioned object, and nothing was written.</param>
/// <param name="Previous">The document found, byte for byte; null when the object had none on that disk.</param>
[GenerateSerializer, Immutable, Alias("buckets.MetadataReplaced")]
public sealed record MetadataReplaced(bool Written, Immutable<byte[]>? Previous);
