namespace Buckets.Abstractions;

/// <summary>One tag of an object version (S3 object tagging): a key unique within the version's tag set, and a value.</summary>
[GenerateSerializer, Immutable, Alias("buckets.ObjectTag")]
public sealed record ObjectTag(string Key, string Value);
