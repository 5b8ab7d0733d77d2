namespace Buckets.Gateway.Auth;

/// <summary>How the body is protected, as the signed <c>x-amz-content-sha256</c> header says.</summary>
public enum PayloadMode
{
    /// <summary><c>UNSIGNED-PAYLOAD</c>, and every presigned URL without the header: the body is not covered.</summary>
    Unsigned,

    /// <summary>A hex SHA-256 of the whole body, which must be checked once the body has been read.</summary>
    Sha256,

    /// <summary><c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c>: aws-chunked, each chunk signed.</summary>
    StreamingSigned,

    /// <summary><c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>: aws-chunked, unsigned, with a checksum trailer.</summary>
    StreamingUnsignedTrailer,

    /// <summary><c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER</c>: aws-chunked, each chunk and the trailer signed.</summary>
    StreamingSignedTrailer,
}
