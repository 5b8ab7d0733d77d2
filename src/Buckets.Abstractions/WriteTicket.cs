namespace Buckets.Abstractions;

/// <summary>Where a new write's bytes go: chosen by the registry before the first block is sent.</summary>
[GenerateSerializer, Immutable, Alias("buckets.WriteTicket")]
public sealed record WriteTicket(int SetIndex, long RingGeneration, ObjectLayout Layout, Guid DataDir);
