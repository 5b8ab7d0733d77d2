using System.Security.Cryptography;
using Buckets.Gateway.Errors;

namespace Buckets.Gateway.Checksums;

/// <summary>The <c>Content-MD5</c> header: base64 of the 16-byte MD5 of the body.</summary>
public static class ContentMd5
{
    public const string HeaderName = "Content-MD5";

    public const int Length = 16;

    /// <summary>Decodes the header; anything but base64 of exactly 16 bytes is <c>InvalidDigest</c>.</summary>
    public static byte[] Parse(string? headerValue)
    {
        Span<byte> decoded = stackalloc byte[Length + 3];
        if (headerValue is null
            || !Convert.TryFromBase64String(headerValue.Trim(), decoded, out var written)
            || written != Length)
        {
            throw new S3Exception(S3ErrorCode.InvalidDigest);
        }

        return decoded[..Length].ToArray();
    }

    /// <summary>Throws <c>BadDigest</c> unless the body's MD5 is the one the client declared.</summary>
    public static void Verify(ReadOnlySpan<byte> declared, ReadOnlySpan<byte> computed)
    {
        if (declared.Length != computed.Length || !CryptographicOperations.FixedTimeEquals(declared, computed))
        {
            throw new S3Exception(S3ErrorCode.BadDigest);
        }
    }
}
