namespace Buckets.Abstractions;

/// <summary>
/// One part of an object assembled by a multipart upload: its bytes are a shard stream of their own, in their own
/// data dir, erasure-coded with the object's layout unless <paramref name="Layout"/> names another (parts uploaded
/// on both sides of a layout change). Completing an upload only lists the parts; nothing is copied.
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.ObjectPart")]
public sealed record ObjectPart(int Number, long Size, string ETag, Guid DataDir, ObjectLayout? Layout = null);
