namespace Buckets.Storage;

/// <summary>What <see cref="LocalDisk.ReplaceObjectMetadataAsync"/> did, and the document it found in place.</summary>
/// <param name="Written">False when the check refused the document found, and nothing was written.</param>
/// <param name="Previous">The document found, byte for byte; null when the object had none on this disk.</param>
public readonly record struct MetadataReplacement(bool Written, byte[]? Previous);
