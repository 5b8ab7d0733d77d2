namespace Buckets.Abstractions;

/// <summary>What a read needs from the registry: the current version, and its bytes when they live inline.</summary>
[GenerateSerializer, Immutable, Alias("buckets.ObjectState")]
public sealed record ObjectState(ObjectVersion Version, Immutable<byte[]>? InlineData);
