namespace Buckets.Abstractions;

/// <summary>A part as its upload holds it: stored and durable on a write quorum, not yet part of any object.</summary>
/// <param name="Layout">
/// How the part's bytes were coded: its write ticket's layout. An upload can outlive a change of the set's layout (a
/// server upgrade between two parts), so completion reads it from here, never from the set. Null in uploads recorded
/// before parts carried it: the set's layout with shard blocks packed back to back (alignment 1).
/// </param>
[GenerateSerializer, Immutable, Alias("buckets.UploadedPart")]
public sealed record UploadedPart(int Number, long Size, string ETag, Guid DataDir, DateTimeOffset LastModified, ObjectLayout? Layout);
