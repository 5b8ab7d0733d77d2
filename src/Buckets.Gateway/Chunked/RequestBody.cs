using System.Security.Cryptography;
using Buckets.Gateway.Auth;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.Chunked;

/// <summary>
/// The decoded, verified body of an authenticated request, whatever way it was sent: plain and unsigned,
/// plain with a signed SHA-256, or aws-chunked with or without chunk signatures and checksum trailers; with
/// Content-MD5 and x-amz-checksum-* headers checked too. Read <see cref="Content"/> to its end (a failed
/// check throws from the read that reaches it), then take <see cref="Checksum"/> and <see cref="Md5"/>.
/// </summary>
public sealed class RequestBody : IDisposable, IAsyncDisposable
{
    private readonly AwsChunkedStream? _chunked;
    private readonly DigestCheck? _md5;
    private readonly ChecksumValue? _headerChecksum;

    private RequestBody(Stream content, long? length, AwsChunkedStream? chunked, DigestCheck? md5, ChecksumValue? headerChecksum)
    {
        Content = content;
        Length = length;
        _chunked = chunked;
        _md5 = md5;
        _headerChecksum = headerChecksum;
    }

    /// <summary>The decoded body. It does not own the request's stream.</summary>
    public Stream Content { get; }

    /// <summary>The decoded length the client declared (Content-Length, or x-amz-decoded-content-length when aws-chunked).</summary>
    public long? Length { get; }

    /// <summary>The client's x-amz-checksum-* (header or trailer), verified; meaningful once <see cref="Content"/> is read to its end.</summary>
    public ChecksumValue? Checksum => _headerChecksum ?? _chunked?.TrailerChecksum;

    /// <summary>MD5 of the decoded body when asked for or declared, once <see cref="Content"/> is read to its end (the ETag of a simple PUT).</summary>
    public byte[]? Md5 => _md5?.Result;

    /// <param name="request">The request whose headers describe the body.</param>
    /// <param name="auth">What <see cref="SigV4Authenticator"/> verified about the request.</param>
    /// <param name="computeMd5">Whether to compute the MD5 even when no Content-MD5 asks for it.</param>
    public static RequestBody Open(HttpRequest request, SigV4Context auth, bool computeMd5 = false)
    {
        var headers = request.Headers;
        var declaredMd5 = headers.ContainsKey(ContentMd5.HeaderName) ? ContentMd5.Parse(headers[ContentMd5.HeaderName]) : null;
        var (headerChecksum, headerChecksumBytes) = ParseChecksumHeader(headers);

        // The signed SHA-256 goes first: when a body was changed in transit, that is the error S3 reports.
        var checks = new List<DigestCheck>(3);
        if (auth.PayloadMode == PayloadMode.Sha256)
        {
            checks.Add(DigestVerifyingStream.ContentSha256Check(auth.PayloadSha256!));
        }

        DigestCheck? md5 = null;
        if (declaredMd5 is not null || computeMd5)
        {
            md5 = new DigestCheck(new HashAlgorithmChecksum(HashAlgorithmName.MD5), declaredMd5, S3ErrorCode.BadDigest);
            checks.Add(md5);
        }

        if (headerChecksum is { } declared)
        {
            checks.Add(new DigestCheck(ChecksumAlgorithms.Create(declared.Algorithm), headerChecksumBytes, S3ErrorCode.BadDigest,
                $"The {ChecksumAlgorithms.Name(declared.Algorithm)} you specified did not match the calculated checksum."));
        }

        if (!auth.IsStreaming)
        {
            var length = request.ContentLength;
            var plain = checks.Count == 0 ? request.Body : new DigestVerifyingStream(request.Body, length, checks, leaveOpen: true);
            return new RequestBody(plain, length, null, md5, headerChecksum);
        }

        var chunked = AwsChunkedStream.Create(request, auth);
        if (chunked.TrailerAlgorithm is not null && headerChecksum is not null)
        {
            chunked.Dispose();
            throw new S3Exception(S3ErrorCode.InvalidRequest, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }

        var content = checks.Count == 0 ? (Stream)chunked : new DigestVerifyingStream(chunked, chunked.DecodedLength, checks, leaveOpen: false);
        return new RequestBody(content, chunked.DecodedLength, chunked, md5, headerChecksum);
    }

    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    private static (ChecksumValue? Value, byte[]? Bytes) ParseChecksumHeader(IHeaderDictionary headers)
    {
        ChecksumValue? found = null;
        byte[]? bytes = null;
        foreach (var algorithm in ChecksumAlgorithms.All)
        {
            var name = ChecksumAlgorithms.HeaderName(algorithm);
            if (!headers.TryGetValue(name, out var values))
            {
                continue;
            }

            if (found is not null)
            {
                throw new S3Exception(S3ErrorCode.InvalidRequest, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }

            var value = values.ToString().Trim();
            bytes = new byte[ChecksumAlgorithms.HashLength(algorithm)];
            if (!ChecksumAlgorithms.TryDecode(algorithm, value, bytes))
            {
                throw new S3Exception(S3ErrorCode.InvalidRequest, $"Value for {name} header is invalid.");
            }

            found = new ChecksumValue(algorithm, value);
        }

        return (found, bytes);
    }
}
