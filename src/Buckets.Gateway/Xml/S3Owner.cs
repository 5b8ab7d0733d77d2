namespace Buckets.Gateway.Xml;

/// <summary>The Owner element of S3 listings.</summary>
public sealed record S3Owner(string Id, string DisplayName);
