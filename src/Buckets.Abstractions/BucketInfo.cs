namespace Buckets.Abstractions;

[GenerateSerializer, Immutable, Alias("buckets.BucketInfo")]
public sealed record BucketInfo(
    string Name,
    DateTimeOffset Created,
    BucketVersioning Versioning = BucketVersioning.Unversioned,
    DateTimeOffset? Modified = null);
