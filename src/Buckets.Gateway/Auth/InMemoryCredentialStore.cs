namespace Buckets.Gateway.Auth;

/// <summary>A fixed set of access keys, for a configured root user and for tests.</summary>
public sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly Dictionary<string, string> _secrets;

    public InMemoryCredentialStore(IEnumerable<KeyValuePair<string, string>> secretsByAccessKey)
    {
        _secrets = new Dictionary<string, string>(secretsByAccessKey, StringComparer.Ordinal);
    }

    public InMemoryCredentialStore(string accessKey, string secretKey)
        : this([KeyValuePair.Create(accessKey, secretKey)])
    {
    }

    public ValueTask<string?> FindSecretKeyAsync(string accessKey, CancellationToken cancellationToken)
        => ValueTask.FromResult(_secrets.GetValueOrDefault(accessKey));
}
