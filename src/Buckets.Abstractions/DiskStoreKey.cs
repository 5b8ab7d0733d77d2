namespace Buckets.Abstractions;

/// <summary>The DiskStore grain key: <c>{diskId:N}@{host}:{siloPort}</c>.</summary>
public static class DiskStoreKey
{
    public static string Format(Guid diskId, string endpoint) => $"{diskId:N}@{endpoint}";

    public static bool TryParse(string key, out Guid diskId, out string endpoint)
    {
        var at = key.IndexOf('@', StringComparison.Ordinal);
        endpoint = at < 0 ? string.Empty : key[(at + 1)..];
        return Guid.TryParseExact(at < 0 ? key : key[..at], "N", out diskId) && endpoint.Length > 0;
    }
}
