namespace Buckets.Gateway.Auth;

/// <summary>Where the gateway looks up the secret key of an access key.</summary>
public interface ICredentialStore
{
    /// <summary>The secret key of <paramref name="accessKey"/>, or null when no such access key exists.</summary>
    ValueTask<string?> FindSecretKeyAsync(string accessKey, CancellationToken cancellationToken);
}
