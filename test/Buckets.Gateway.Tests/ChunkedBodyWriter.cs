using System.Security.Cryptography;
using System.Text;
using Buckets.Gateway.Auth;
using Buckets.Gateway.Checksums;

namespace Buckets.Gateway.Tests;

/// <summary>
/// Encodes aws-chunked bodies the way the SDKs do, with signatures computed by plain string formatting (no
/// code shared with the decoder), so tests can make valid bodies of any shape and then break them.
/// </summary>
internal static class ChunkedBodyWriter
{
    public static byte[] Encode(SigV4Context context, ReadOnlySpan<byte> data, int chunkSize, ChecksumAlgorithm? trailer = null, string? trailerValue = null)
    {
        var signed = context.PayloadMode is PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer;
        var output = new MemoryStream();
        var previous = context.SeedSignature;
        var offset = 0;
        while (true)
        {
            var length = Math.Min(chunkSize, data.Length - offset);
            var chunk = data.Slice(offset, length);
            var header = length.ToString("x");
            if (signed)
            {
                previous = Sign(context, "AWS4-HMAC-SHA256-PAYLOAD", previous,
                    AwsExample.EmptySha256 + "\n" + Convert.ToHexStringLower(SHA256.HashData(chunk)));
                header += ";chunk-signature=" + previous;
            }

            output.Write(Encoding.ASCII.GetBytes(header + "\r\n"));
            if (length == 0)
            {
                break;
            }

            output.Write(chunk);
            output.Write("\r\n"u8);
            offset += length;
        }

        if (trailer is { } algorithm)
        {
            var line = $"{ChecksumAlgorithms.HeaderName(algorithm)}:{trailerValue ?? ChecksumAlgorithms.ComputeBase64(algorithm, data)}";
            output.Write(Encoding.ASCII.GetBytes(line + "\r\n"));
            if (context.PayloadMode == PayloadMode.StreamingSignedTrailer)
            {
                var trailerHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(line + "\n")));
                output.Write(Encoding.ASCII.GetBytes("x-amz-trailer-signature:" + Sign(context, "AWS4-HMAC-SHA256-TRAILER", previous, trailerHash) + "\r\n"));
            }
        }

        output.Write("\r\n"u8);
        return output.ToArray();
    }

    private static string Sign(SigV4Context context, string algorithm, string previous, string tail)
    {
        var stringToSign = $"{algorithm}\n{context.AmzDate}\n{context.Scope}\n{previous}\n{tail}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(context.SigningKey.Span, Encoding.UTF8.GetBytes(stringToSign)));
    }
}
