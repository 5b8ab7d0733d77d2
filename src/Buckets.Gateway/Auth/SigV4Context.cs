using System.Globalization;

namespace Buckets.Gateway.Auth;

/// <summary>
/// What a verified SigV4 request established: who signed it, and the key, time, scope and seed signature
/// that the aws-chunked body's chunk signatures chain from.
/// </summary>
public sealed class SigV4Context
{
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public SigV4Context(
        string accessKey,
        ReadOnlyMemory<byte> signingKey,
        DateTimeOffset timestamp,
        string scope,
        string seedSignature,
        PayloadMode payloadMode,
        string? payloadSha256 = null,
        bool isPresigned = false)
    {
        if (payloadMode == PayloadMode.Sha256 && payloadSha256 is null)
        {
            throw new ArgumentNullException(nameof(payloadSha256), "A signed payload needs its SHA-256.");
        }

        AccessKey = accessKey;
        SigningKey = signingKey;
        Timestamp = timestamp.ToUniversalTime();
        AmzDate = Timestamp.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
        Scope = scope;
        SeedSignature = seedSignature;
        PayloadMode = payloadMode;
        PayloadSha256 = payloadSha256;
        IsPresigned = isPresigned;
    }

    public string AccessKey { get; }

    /// <summary>kSigning of the request's scope; never log it.</summary>
    public ReadOnlyMemory<byte> SigningKey { get; }

    public DateTimeOffset Timestamp { get; }

    /// <summary>The timestamp as it appears in strings to sign: <c>20261124T093000Z</c>.</summary>
    public string AmzDate { get; }

    /// <summary><c>20261124/us-east-1/s3/aws4_request</c>.</summary>
    public string Scope { get; }

    /// <summary>The request's own signature (lowercase hex), which the first chunk signature chains from.</summary>
    public string SeedSignature { get; }

    public PayloadMode PayloadMode { get; }

    /// <summary>The declared body SHA-256 (lowercase hex) when <see cref="PayloadMode"/> is <see cref="Auth.PayloadMode.Sha256"/>.</summary>
    public string? PayloadSha256 { get; }

    public bool IsPresigned { get; }

    public bool IsStreaming => PayloadMode is PayloadMode.StreamingSigned or PayloadMode.StreamingUnsignedTrailer or PayloadMode.StreamingSignedTrailer;
}
