namespace Buckets.Server.Tests;

/// <summary>An HTTP response read off a socket by hand.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
