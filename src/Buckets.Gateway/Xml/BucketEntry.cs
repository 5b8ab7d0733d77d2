namespace Buckets.Gateway.Xml;

/// <summary>One bucket in a ListAllMyBucketsResult.</summary>
public sealed record BucketEntry(string Name, DateTimeOffset CreationDate);
