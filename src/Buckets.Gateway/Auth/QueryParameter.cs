namespace Buckets.Gateway.Auth;

/// <summary>
/// One query parameter as sent: decoded for reading, and re-encoded the way SigV4 canonicalizes it.
/// </summary>
internal readonly record struct QueryParameter(string Name, string Value, string CanonicalName, string CanonicalValue);
