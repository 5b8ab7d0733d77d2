namespace Buckets.Gateway.Xml;

/// <summary>One object named in a DeleteObjects request: its key and, optionally, a version.</summary>
public sealed record ObjectIdentifier(string Key, string? VersionId);
