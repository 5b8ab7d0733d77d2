namespace Buckets.Abstractions;

/// <summary>How one object's bytes are erasure-coded: recorded with the object, so a later change of defaults never misreads it.</summary>
[GenerateSerializer, Immutable, Alias("buckets.ObjectLayout")]
public sealed record ObjectLayout(int DataShards, int ParityShards, int BlockSize);
