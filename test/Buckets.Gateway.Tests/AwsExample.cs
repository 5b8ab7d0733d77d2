using System.Security.Cryptography;
using System.Text;
using Buckets.Gateway.Auth;

namespace Buckets.Gateway.Tests;

/// <summary>
/// The credentials, time and scope of the worked examples in the AWS S3 documentation
/// (sig-v4-header-based-auth, sigv4-query-string-auth, sigv4-streaming, sigv4-streaming-trailers).
/// </summary>
internal static class AwsExample
{
    public const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string AmzDate = "20130524T000000Z";
    public const string Scope = "20130524/us-east-1/s3/aws4_request";
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static readonly DateTimeOffset Time = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    public static SigV4Authenticator Authenticator(DateTimeOffset? now = null)
        => new(new InMemoryCredentialStore(AccessKey, SecretKey), "us-east-1", new FixedTimeProvider(now ?? Time));

    /// <summary>kSigning derived here independently of the gateway's cache.</summary>
    public static byte[] SigningKey(string secret = SecretKey, string date = "20130524", string region = "us-east-1")
    {
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { date, region, "s3", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return key;
    }

    public static SigV4Context Context(PayloadMode mode, string seedSignature)
        => new(AccessKey, SigningKey(), Time, Scope, seedSignature, mode);
}
