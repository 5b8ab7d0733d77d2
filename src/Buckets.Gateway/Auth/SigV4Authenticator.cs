using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.Auth;

/// <summary>
/// Verifies AWS Signature Version 4 on an S3 request, signed in the Authorization header or presigned in
/// the query string, and returns what the body decoder needs to check the rest. Failures are
/// <see cref="S3Exception"/>s with S3's codes and messages; nothing secret goes into them or into logs.
/// </summary>
public sealed class SigV4Authenticator
{
    public const string DefaultRegion = "us-east-1";

    public const string Algorithm = "AWS4-HMAC-SHA256";

    public const string ContentSha256Header = "x-amz-content-sha256";

    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public const string StreamingSignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

    public const string StreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    public const string StreamingSignedPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";

    /// <summary>S3 refuses presigned URLs that live longer than seven days.</summary>
    public const long MaxPresignedExpirySeconds = 604_800;

    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    private const string Service = "s3";
    private const string Terminator = "aws4_request";
    private const int SignatureLength = 32;

    private readonly ICredentialStore _credentials;
    private readonly TimeProvider _time;
    private readonly SigningKeyCache _signingKeys = new();

    public SigV4Authenticator(ICredentialStore credentials, string region = DefaultRegion, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        _credentials = credentials;
        Region = region;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Region { get; }

    /// <summary>Verifies the request's signature; throws <see cref="S3Exception"/> when it does not hold.</summary>
    public async ValueTask<SigV4Context> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var (rawPath, rawQuery) = SigV4Canonicalizer.RawTarget(request);
        var query = SigV4Canonicalizer.ParseQuery(rawQuery);
        string? authorization = request.Headers.Authorization;
        if (!string.IsNullOrEmpty(authorization))
        {
            return await AuthenticateHeaderAsync(request, authorization, rawPath, query, cancellationToken).ConfigureAwait(false);
        }

        if (SigV4Canonicalizer.Find(query, "X-Amz-Algorithm") is not null)
        {
            return await AuthenticatePresignedAsync(request, rawPath, query, cancellationToken).ConfigureAwait(false);
        }

        if (SigV4Canonicalizer.Find(query, "AWSAccessKeyId") is not null)
        {
            throw UnsupportedMechanism();
        }

        throw new S3Exception(S3ErrorCode.AccessDenied, "Anonymous access is not allowed; sign the request with AWS Signature Version 4.");
    }

    private async ValueTask<SigV4Context> AuthenticateHeaderAsync(
        HttpRequest request, string authorization, string rawPath, List<QueryParameter> query, CancellationToken cancellationToken)
    {
        var header = authorization.AsSpan().Trim();
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw UnsupportedMechanism();
        }

        string? credential = null;
        string? signedHeaders = null;
        string? signature = null;
        var fields = header[Algorithm.Length..];
        foreach (var range in fields.Split(','))
        {
            var field = fields[range].Trim();
            var equals = field.IndexOf('=');
            if (equals <= 0)
            {
                throw HeaderMalformed("The authorization header is malformed; the authorization component \"" + field.ToString() + "\" is malformed.");
            }

            var name = field[..equals].Trim();
            var value = field[(equals + 1)..].Trim().ToString();
            if (name.SequenceEqual("Credential"))
            {
                credential = value;
            }
            else if (name.SequenceEqual("SignedHeaders"))
            {
                signedHeaders = value;
            }
            else if (name.SequenceEqual("Signature"))
            {
                signature = value;
            }
        }

        if (credential is null || signedHeaders is null || signature is null)
        {
            throw HeaderMalformed("The authorization header is malformed; it must contain Credential, SignedHeaders and Signature.");
        }

        var (accessKey, scopeDate) = ParseCredential(credential, presigned: false);
        var timestamp = RequestTime(request);
        if (scopeDate != timestamp.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
        {
            throw HeaderMalformed("The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.");
        }

        var skew = _time.GetUtcNow() - timestamp;
        if (skew.Duration() > MaxClockSkew)
        {
            throw new S3Exception(S3ErrorCode.RequestTimeTooSkewed);
        }

        var headerNames = ParseSignedHeaders(signedHeaders, presigned: false);
        string? payloadHash = request.Headers[ContentSha256Header];
        if (string.IsNullOrEmpty(payloadHash))
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest, "Missing required header for this request: x-amz-content-sha256");
        }

        var mode = ParsePayloadMode(payloadHash);
        var secretKey = await FindSecretKeyAsync(accessKey, cancellationToken).ConfigureAwait(false);
        return Verify(request, rawPath, SigV4Canonicalizer.CanonicalQuery(query, excluded: null), headerNames, payloadHash,
            mode, accessKey, secretKey, scopeDate, timestamp, signature, presigned: false);
    }

    private async ValueTask<SigV4Context> AuthenticatePresignedAsync(
        HttpRequest request, string rawPath, List<QueryParameter> query, CancellationToken cancellationToken)
    {
        var algorithm = SigV4Canonicalizer.Find(query, "X-Amz-Algorithm");
        var credential = SigV4Canonicalizer.Find(query, "X-Amz-Credential");
        var date = SigV4Canonicalizer.Find(query, "X-Amz-Date");
        var expires = SigV4Canonicalizer.Find(query, "X-Amz-Expires");
        var signedHeaders = SigV4Canonicalizer.Find(query, "X-Amz-SignedHeaders");
        var signature = SigV4Canonicalizer.Find(query, "X-Amz-Signature");
        if (algorithm is null || credential is null || date is null || expires is null || signedHeaders is null || signature is null)
        {
            throw QueryMalformed("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }

        if (algorithm != Algorithm)
        {
            throw QueryMalformed("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }

        var (accessKey, scopeDate) = ParseCredential(credential, presigned: true);
        if (!DateTimeOffset.TryParseExact(date, SigV4Context.AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            throw QueryMalformed("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }

        if (scopeDate != timestamp.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
        {
            throw QueryMalformed("Error parsing the X-Amz-Credential parameter; Invalid credential date. Date is not the same as X-Amz-Date.");
        }

        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expirySeconds))
        {
            throw QueryMalformed("X-Amz-Expires should be a number");
        }

        if (expirySeconds > MaxPresignedExpirySeconds)
        {
            throw QueryMalformed("X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds");
        }

        var now = _time.GetUtcNow();
        if (timestamp - now > MaxClockSkew)
        {
            throw new S3Exception(S3ErrorCode.AccessDenied, "Request is not valid yet");
        }

        if (now > timestamp.AddSeconds(expirySeconds))
        {
            throw new S3Exception(S3ErrorCode.AccessDenied, "Request has expired");
        }

        var headerNames = ParseSignedHeaders(signedHeaders, presigned: true);

        // A presigned URL cannot know the body, so it signs UNSIGNED-PAYLOAD unless the client sent a hash.
        string? payloadHash = request.Headers[ContentSha256Header];
        if (string.IsNullOrEmpty(payloadHash))
        {
            payloadHash = SigV4Canonicalizer.Find(query, "X-Amz-Content-Sha256") ?? UnsignedPayload;
        }

        var mode = ParsePayloadMode(payloadHash);
        var secretKey = await FindSecretKeyAsync(accessKey, cancellationToken).ConfigureAwait(false);
        return Verify(request, rawPath, SigV4Canonicalizer.CanonicalQuery(query, excluded: "X-Amz-Signature"), headerNames,
            payloadHash, mode, accessKey, secretKey, scopeDate, timestamp, signature, presigned: true);
    }

    private SigV4Context Verify(
        HttpRequest request,
        string rawPath,
        string canonicalQuery,
        string[] signedHeaders,
        string payloadHash,
        PayloadMode mode,
        string accessKey,
        string secretKey,
        string scopeDate,
        DateTimeOffset timestamp,
        string providedSignature,
        bool presigned)
    {
        var canonical = new StringBuilder(512);
        canonical.Append(request.Method).Append('\n');
        canonical.Append(SigV4Canonicalizer.CanonicalUri(rawPath)).Append('\n');
        canonical.Append(canonicalQuery).Append('\n');
        SigV4Canonicalizer.AppendCanonicalHeaders(canonical, request.Headers, signedHeaders);
        canonical.Append('\n');
        canonical.AppendJoin(';', signedHeaders).Append('\n');
        canonical.Append(payloadHash);

        var amzDate = timestamp.ToString(SigV4Context.AmzDateFormat, CultureInfo.InvariantCulture);
        var scope = $"{scopeDate}/{Region}/{Service}/{Terminator}";
        var canonicalHash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()));
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(canonicalHash)}";

        var signingKey = _signingKeys.Get(secretKey, scopeDate, Region);
        Span<byte> computed = stackalloc byte[SignatureLength];
        HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign), computed);

        Span<byte> provided = stackalloc byte[SignatureLength];
        if (!Hex.TryDecode(providedSignature.AsSpan(), provided) || !CryptographicOperations.FixedTimeEquals(computed, provided))
        {
            throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch);
        }

        var sha256 = mode == PayloadMode.Sha256 ? payloadHash.ToLowerInvariant() : null;
        return new SigV4Context(accessKey, signingKey, timestamp, scope, Convert.ToHexStringLower(computed), mode, sha256, presigned);
    }

    private async ValueTask<string> FindSecretKeyAsync(string accessKey, CancellationToken cancellationToken)
        => await _credentials.FindSecretKeyAsync(accessKey, cancellationToken).ConfigureAwait(false)
            ?? throw new S3Exception(S3ErrorCode.InvalidAccessKeyId);

    /// <summary>Splits <c>AK/20261124/us-east-1/s3/aws4_request</c>, checking everything but the key itself.</summary>
    private (string AccessKey, string Date) ParseCredential(string credential, bool presigned)
    {
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[0].Length == 0 || !IsScopeDate(parts[1]))
        {
            throw presigned
                ? QueryMalformed("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
                : HeaderMalformed("The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }

        var prefix = presigned ? "Error parsing the X-Amz-Credential parameter; " : "The authorization header is malformed; ";
        if (parts[2] != Region)
        {
            throw Malformed(presigned, $"{prefix}the region '{parts[2]}' is wrong; expecting '{Region}'");
        }

        if (parts[3] != Service)
        {
            throw Malformed(presigned, $"{prefix}incorrect service \"{parts[3]}\". This endpoint belongs to \"{Service}\".");
        }

        if (parts[4] != Terminator)
        {
            throw Malformed(presigned, $"{prefix}incorrect terminal \"{parts[4]}\". This endpoint uses \"{Terminator}\".");
        }

        return (parts[0], parts[1]);
    }

    private static string[] ParseSignedHeaders(string signedHeaders, bool presigned)
    {
        var names = signedHeaders.Split(';');
        var hasHost = false;
        foreach (var name in names)
        {
            if (name.Length == 0 || name.Any(char.IsUpper))
            {
                throw Malformed(presigned, "The SignedHeaders must be lowercase header names separated by ';'.");
            }

            hasHost |= name == "host";
        }

        if (!hasHost)
        {
            throw Malformed(presigned, "The host header must be signed.");
        }

        return names;
    }

    /// <summary>The signing time: <c>x-amz-date</c>, or the <c>Date</c> header when that is absent.</summary>
    private static DateTimeOffset RequestTime(HttpRequest request)
    {
        string? amzDate = request.Headers["x-amz-date"];
        if (!string.IsNullOrEmpty(amzDate))
        {
            if (DateTimeOffset.TryParseExact(amzDate, SigV4Context.AmzDateFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return parsed;
            }
        }
        else
        {
            string? date = request.Headers.Date;
            if (!string.IsNullOrEmpty(date)
                && DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return parsed;
            }
        }

        throw new S3Exception(S3ErrorCode.AccessDenied, "AWS authentication requires a valid Date or x-amz-date header");
    }

    private static PayloadMode ParsePayloadMode(string payloadHash) => payloadHash switch
    {
        UnsignedPayload => PayloadMode.Unsigned,
        StreamingSignedPayload => PayloadMode.StreamingSigned,
        StreamingUnsignedPayloadTrailer => PayloadMode.StreamingUnsignedTrailer,
        StreamingSignedPayloadTrailer => PayloadMode.StreamingSignedTrailer,
        _ when Hex.IsHex(payloadHash, 2 * SignatureLength) => PayloadMode.Sha256,
        _ when payloadHash.StartsWith("STREAMING-AWS4-ECDSA-P256-SHA256", StringComparison.Ordinal)
            => throw new S3Exception(S3ErrorCode.NotImplemented, "Signature Version 4A (ECDSA) is not supported."),
        _ => throw new S3Exception(S3ErrorCode.InvalidArgument,
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value."),
    };

    private static bool IsScopeDate(string date)
        => date.Length == 8 && date.All(char.IsAsciiDigit);

    private static S3Exception UnsupportedMechanism()
        => new(S3ErrorCode.InvalidRequest, "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");

    private static S3Exception Malformed(bool presigned, string message) => presigned ? QueryMalformed(message) : HeaderMalformed(message);

    private static S3Exception HeaderMalformed(string message) => new(S3ErrorCode.AuthorizationHeaderMalformed, message);

    private static S3Exception QueryMalformed(string message) => new(S3ErrorCode.AuthorizationQueryParametersError, message);
}
