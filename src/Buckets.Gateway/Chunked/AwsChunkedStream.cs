using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Buckets.Gateway.Auth;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.Chunked;

/// <summary>
/// Decodes an <c>aws-chunked</c> request body while it streams: <c>hex-size[;chunk-signature=sig]\r\n data \r\n</c>
/// chunks, a zero-size final chunk, then (in the trailer modes) <c>x-amz-checksum-*</c> and
/// <c>x-amz-trailer-signature</c> lines and a blank line.
/// </summary>
/// <remarks>
/// A chunk's data is handed out as it arrives, so memory stays at one pooled buffer whatever the chunk size.
/// Its signature can only be checked at its end; the read that would return a chunk's last bytes first
/// reads past the chunk's end and verifies it (and, for the last chunk, the final chunk, the trailer and the
/// declared length). So a reader that stops exactly at the declared length has still had every check, and
/// a failure throws before the body's final byte is seen: callers commit nothing whose read threw.
/// </remarks>
public sealed class AwsChunkedStream : Stream
{
    public const string DecodedContentLengthHeader = "x-amz-decoded-content-length";

    public const string TrailerHeader = "x-amz-trailer";

    // Big enough that a typical 64 KiB chunk arrives in one or two reads; chunk data is never buffered whole.
    private const int BufferSize = 64 * 1024;

    // Chunk headers and trailer lines are under 200 bytes; anything this long is not aws-chunked.
    private const int MaxLineLength = 4 * 1024;

    private const int MaxChunkSizeDigits = 15;
    private const int SignatureLength = 32;
    private const int SignatureHexLength = 2 * SignatureLength;
    private const string TrailerSignatureName = "x-amz-trailer-signature";

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly long _decodedLength;
    private readonly bool _signedChunks;
    private readonly bool _hasTrailer;
    private readonly bool _signedTrailer;
    private readonly ChecksumAlgorithm? _trailerAlgorithm;
    private readonly IIncrementalChecksum? _checksum;

    // SHA-256 of the current chunk's data; in the signed-trailer mode, of the trailer lines once chunks are done.
    private readonly IncrementalHash? _sha256;
    private readonly IncrementalHash? _hmac;
    private readonly byte[] _payloadPrefix;
    private readonly byte[] _trailerPrefix;
    private readonly byte[] _previousSignature = new byte[SignatureHexLength];
    private readonly byte[] _providedSignature = new byte[SignatureLength];

    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _innerEnded;
    private State _state = State.ChunkHeader;
    private long _chunkRemaining;
    private long _decoded;
    private bool _trailerSignatureSeen;
    private ChecksumValue? _trailerChecksum;
    private S3Exception? _failure;

    /// <param name="inner">The raw request body.</param>
    /// <param name="auth">The verified request; its payload mode must be one of the streaming ones.</param>
    /// <param name="decodedLength">The <c>x-amz-decoded-content-length</c> the client declared.</param>
    /// <param name="trailerAlgorithm">The checksum the <c>x-amz-trailer</c> header announced, if any.</param>
    /// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="inner"/> open.</param>
    public AwsChunkedStream(Stream inner, SigV4Context auth, long decodedLength, ChecksumAlgorithm? trailerAlgorithm, bool leaveOpen = false)
    {
        if (!auth.IsStreaming)
        {
            throw new ArgumentException($"Payload mode {auth.PayloadMode} is not aws-chunked.", nameof(auth));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(decodedLength);
        _inner = inner;
        _leaveOpen = leaveOpen;
        _decodedLength = decodedLength;
        _signedChunks = auth.PayloadMode is PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer;
        _hasTrailer = auth.PayloadMode is PayloadMode.StreamingUnsignedTrailer or PayloadMode.StreamingSignedTrailer;
        _signedTrailer = auth.PayloadMode is PayloadMode.StreamingSignedTrailer;
        _trailerAlgorithm = _hasTrailer ? trailerAlgorithm : null;
        _checksum = _trailerAlgorithm is { } algorithm ? ChecksumAlgorithms.Create(algorithm) : null;
        _payloadPrefix = Encoding.ASCII.GetBytes($"AWS4-HMAC-SHA256-PAYLOAD\n{auth.AmzDate}\n{auth.Scope}\n");
        _trailerPrefix = Encoding.ASCII.GetBytes($"AWS4-HMAC-SHA256-TRAILER\n{auth.AmzDate}\n{auth.Scope}\n");
        if (_signedChunks)
        {
            _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, auth.SigningKey.Span);
            if (Encoding.ASCII.GetBytes(auth.SeedSignature, _previousSignature) != SignatureHexLength)
            {
                throw new ArgumentException("The seed signature is not 64 hex digits.", nameof(auth));
            }
        }

        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>
    /// The decoder for an authenticated request's body, with the decoded length and announced trailer taken
    /// from its <c>x-amz-decoded-content-length</c> and <c>x-amz-trailer</c> headers. It leaves the request's
    /// stream open.
    /// </summary>
    public static AwsChunkedStream Create(HttpRequest request, SigV4Context auth)
    {
        var decodedLength = ParseDecodedLength(request.Headers[DecodedContentLengthHeader]);
        var trailerAlgorithm = ParseTrailerHeader(auth, request.Headers[TrailerHeader]);
        return new AwsChunkedStream(request.Body, auth, decodedLength, trailerAlgorithm, leaveOpen: true);
    }

    private enum State
    {
        ChunkHeader,
        ChunkData,
        ChunkEnd,
        Trailer,
        Done,
    }

    private enum Step
    {
        Produced,
        Progressed,
        NeedInput,
        ReadDirect,
        Finished,
    }

    /// <summary>The verified checksum trailer; set once the stream has been read to its end.</summary>
    public ChecksumValue? TrailerChecksum => _trailerChecksum;

    public long DecodedLength => _decodedLength;

    /// <summary>The checksum trailer announced in x-amz-trailer, which the decoder computes and checks.</summary>
    public ChecksumAlgorithm? TrailerAlgorithm => _trailerAlgorithm;

    public bool IsCompleted => _state == State.Done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _decoded;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        ThrowIfUnusable();
        try
        {
            var total = 0;
            while (!ShouldReturn(total, destination.Length))
            {
                var step = Advance(destination[total..], out var produced);
                total += produced;
                switch (step)
                {
                    case Step.NeedInput:
                        Compact();
                        var read = _inner.Read(_buffer!.AsSpan(_end));
                        OnFilled(read);
                        break;
                    case Step.ReadDirect:
                        var direct = destination.Slice(total, DirectReadLength(destination.Length - total));
                        var count = _inner.Read(direct);
                        OnDirectRead(direct[..count]);
                        total += count;
                        break;
                }
            }

            return total;
        }
        catch (S3Exception error)
        {
            _failure = error;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        try
        {
            var total = 0;
            while (!ShouldReturn(total, destination.Length))
            {
                var step = Advance(destination.Span[total..], out var produced);
                total += produced;
                switch (step)
                {
                    case Step.NeedInput:
                        Compact();
                        var read = await _inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                        OnFilled(read);
                        break;
                    case Step.ReadDirect:
                        var direct = destination.Slice(total, DirectReadLength(destination.Length - total));
                        var count = await _inner.ReadAsync(direct, cancellationToken).ConfigureAwait(false);
                        OnDirectRead(direct.Span[..count]);
                        total += count;
                        break;
                }
            }

            return total;
        }
        catch (S3Exception error)
        {
            _failure = error;
            throw;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
            _sha256?.Dispose();
            _hmac?.Dispose();
            _checksum?.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// A read returns once it has data and the current chunk still has more (or the body is done): a chunk's
    /// last bytes only leave together with the verdict on that chunk.
    /// </summary>
    private bool ShouldReturn(int total, int capacity)
    {
        if (_state == State.Done || capacity == 0)
        {
            return true;
        }

        return total > 0 && _state == State.ChunkData && _chunkRemaining > 0;
    }

    private Step Advance(Span<byte> destination, out int produced)
    {
        produced = 0;
        switch (_state)
        {
            case State.ChunkHeader:
                if (!TryTakeLine(out var header))
                {
                    return NeedInput();
                }

                OnChunkHeader(header);
                return Step.Progressed;

            case State.ChunkData:
                if (_chunkRemaining == 0)
                {
                    _state = State.ChunkEnd;
                    return Step.Progressed;
                }

                var available = _end - _start;
                if (available == 0)
                {
                    return _innerEnded ? throw Truncated() : Step.ReadDirect;
                }

                produced = (int)Math.Min(Math.Min(available, _chunkRemaining), destination.Length);
                var data = _buffer.AsSpan(_start, produced);
                data.CopyTo(destination);
                _start += produced;
                OnData(data);
                return Step.Produced;

            case State.ChunkEnd:
                if (_end - _start < 2)
                {
                    return NeedInput();
                }

                if (_buffer![_start] != '\r' || _buffer[_start + 1] != '\n')
                {
                    throw new S3Exception(S3ErrorCode.IncompleteBody, "The aws-chunked body is malformed: a chunk is longer than its declared size.");
                }

                _start += 2;
                if (_signedChunks)
                {
                    VerifyChunkSignature();
                }

                _state = State.ChunkHeader;
                return Step.Progressed;

            case State.Trailer:
                if (TryTakeLine(out var line))
                {
                    OnTrailerLine(line);
                    return Step.Progressed;
                }

                if (!_innerEnded)
                {
                    return Step.NeedInput;
                }

                // Some clients end the body without the closing blank line (or its CRLF); what is there still counts.
                if (_end > _start)
                {
                    var last = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    OnTrailerLine(last.TrimEnd((byte)'\r'));
                    if (_state == State.Done)
                    {
                        return Step.Finished;
                    }
                }

                FinishTrailer();
                return Step.Finished;

            default:
                return Step.Finished;
        }
    }

    private Step NeedInput() => _innerEnded ? throw Truncated() : Step.NeedInput;

    private int DirectReadLength(int space) => (int)Math.Min(space, _chunkRemaining);

    private void Compact()
    {
        var buffer = _buffer!;
        if (_start > 0)
        {
            buffer.AsSpan(_start, _end - _start).CopyTo(buffer);
            _end -= _start;
            _start = 0;
        }
    }

    private void OnFilled(int read)
    {
        if (read == 0)
        {
            _innerEnded = true;
        }

        _end += read;
    }

    private void OnDirectRead(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            _innerEnded = true;
            throw Truncated();
        }

        OnData(data);
    }

    private void OnData(ReadOnlySpan<byte> data)
    {
        _sha256?.AppendData(data);
        _checksum?.Append(data);
        _chunkRemaining -= data.Length;
        _decoded += data.Length;
    }

    /// <summary>Takes the next line (without its CRLF or bare LF) out of the buffer, if the buffer holds one.</summary>
    private bool TryTakeLine(out ReadOnlySpan<byte> line)
    {
        var pending = _buffer.AsSpan(_start, _end - _start);
        var newline = pending.IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (pending.Length > MaxLineLength)
            {
                throw new S3Exception(S3ErrorCode.InvalidRequest, "The aws-chunked body is malformed: a chunk header or trailer line is too long.");
            }

            line = default;
            return false;
        }

        line = pending[..newline];
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        _start += newline + 1;
        return true;
    }

    private void OnChunkHeader(ReadOnlySpan<byte> header)
    {
        long size = 0;
        var digits = 0;
        while (digits < header.Length && Hex.Nibble(header[digits]) >= 0)
        {
            if (digits == MaxChunkSizeDigits)
            {
                throw MalformedChunkHeader();
            }

            size = (size << 4) | (long)Hex.Nibble(header[digits]);
            digits++;
        }

        if (digits == 0)
        {
            throw MalformedChunkHeader();
        }

        var signed = false;
        var extensions = header[digits..].TrimEnd((byte)' ');
        while (!extensions.IsEmpty)
        {
            if (extensions[0] != ';')
            {
                throw MalformedChunkHeader();
            }

            extensions = extensions[1..];
            var next = extensions.IndexOf((byte)';');
            var extension = next >= 0 ? extensions[..next] : extensions;
            extensions = next >= 0 ? extensions[next..] : [];
            if (extension.StartsWith("chunk-signature="u8))
            {
                if (!Hex.TryDecode(extension["chunk-signature="u8.Length..].Trim((byte)' '), _providedSignature))
                {
                    throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch, "A chunk signature is not 64 hex digits.");
                }

                signed = true;
            }
        }

        if (_signedChunks && !signed)
        {
            throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch, "A chunk of a signed aws-chunked body carries no chunk-signature.");
        }

        if (size > _decodedLength - _decoded)
        {
            throw new S3Exception(S3ErrorCode.IncompleteBody, "The aws-chunked body holds more data than x-amz-decoded-content-length declares.");
        }

        _chunkRemaining = size;
        if (size > 0)
        {
            _state = State.ChunkData;
            return;
        }

        if (_signedChunks)
        {
            VerifyChunkSignature();
        }

        if (_decoded != _decodedLength)
        {
            throw new S3Exception(S3ErrorCode.IncompleteBody, "The aws-chunked body holds less data than x-amz-decoded-content-length declares.");
        }

        _state = State.Trailer;
    }

    private void OnTrailerLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            // In the signed-trailer mode some clients put a blank line between the checksum and its signature.
            if (_signedTrailer && !_trailerSignatureSeen && _trailerChecksum is not null)
            {
                return;
            }

            FinishTrailer();
            return;
        }

        if (!_hasTrailer)
        {
            throw new S3Exception(S3ErrorCode.IncompleteBody, "The aws-chunked body has data after its final chunk.");
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            throw new S3Exception(S3ErrorCode.MalformedTrailerError);
        }

        var name = line[..colon].Trim((byte)' ');
        var value = line[(colon + 1)..].Trim((byte)' ');
        if (Ascii.EqualsIgnoreCase(name, TrailerSignatureName))
        {
            if (!_signedTrailer || _trailerSignatureSeen)
            {
                throw new S3Exception(S3ErrorCode.MalformedTrailerError);
            }

            VerifyTrailerSignature(value);
            _trailerSignatureSeen = true;
            return;
        }

        if (_trailerSignatureSeen)
        {
            throw new S3Exception(S3ErrorCode.MalformedTrailerError, "A trailer follows x-amz-trailer-signature, which does not cover it.");
        }

        if (_signedTrailer)
        {
            _sha256!.AppendData(name);
            _sha256.AppendData(":"u8);
            _sha256.AppendData(value);
            _sha256.AppendData("\n"u8);
        }

        Span<char> nameChars = stackalloc char[64];
        var algorithm = default(ChecksumAlgorithm);
        if (name.Length > nameChars.Length
            || !ChecksumAlgorithms.TryParseHeaderName(nameChars[..Encoding.ASCII.GetChars(name, nameChars)], out algorithm))
        {
            throw new S3Exception(S3ErrorCode.MalformedTrailerError, "Only x-amz-checksum-* trailers are accepted.");
        }

        if (algorithm != _trailerAlgorithm || _trailerChecksum is not null)
        {
            throw new S3Exception(S3ErrorCode.MalformedTrailerError, $"The trailer {ChecksumAlgorithms.HeaderName(algorithm)} was not announced in x-amz-trailer.");
        }

        VerifyChecksum(algorithm, value);
    }

    private void VerifyChecksum(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> base64)
    {
        Span<char> chars = stackalloc char[96];
        Span<byte> declared = stackalloc byte[64];
        if (base64.Length > chars.Length)
        {
            throw InvalidChecksumValue(algorithm);
        }

        var charCount = Encoding.ASCII.GetChars(base64, chars);
        if (!ChecksumAlgorithms.TryDecode(algorithm, chars[..charCount], declared))
        {
            throw InvalidChecksumValue(algorithm);
        }

        Span<byte> computed = stackalloc byte[64];
        var length = _checksum!.GetHashAndReset(computed);
        if (!computed[..length].SequenceEqual(declared[..length]))
        {
            throw new S3Exception(S3ErrorCode.BadDigest, $"The {ChecksumAlgorithms.Name(algorithm)} you specified did not match the calculated checksum.");
        }

        _trailerChecksum = new ChecksumValue(algorithm, chars[..charCount].ToString());
    }

    private void FinishTrailer()
    {
        if (_trailerAlgorithm is { } announced && _trailerChecksum is null)
        {
            throw new S3Exception(S3ErrorCode.MalformedTrailerError, $"The body lacks the {ChecksumAlgorithms.HeaderName(announced)} trailer that x-amz-trailer announced.");
        }

        if (_signedTrailer && !_trailerSignatureSeen)
        {
            throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch, "The trailer of a signed aws-chunked body carries no x-amz-trailer-signature.");
        }

        _state = State.Done;
    }

    /// <summary>
    /// "AWS4-HMAC-SHA256-PAYLOAD\n" + time + "\n" + scope + "\n" + previous signature + "\n" + hex(sha256(""))
    /// + "\n" + hex(sha256(chunk data)), signed with kSigning; the result chains into the next chunk.
    /// </summary>
    private void VerifyChunkSignature()
    {
        Span<byte> dataHash = stackalloc byte[SignatureLength];
        _sha256!.GetHashAndReset(dataHash);
        Span<byte> stringToSign = stackalloc byte[_payloadPrefix.Length + (3 * SignatureHexLength) + 2];
        _payloadPrefix.CopyTo(stringToSign);
        var position = _payloadPrefix.Length;
        _previousSignature.CopyTo(stringToSign[position..]);
        position += SignatureHexLength;
        stringToSign[position++] = (byte)'\n';
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"u8.CopyTo(stringToSign[position..]);
        position += SignatureHexLength;
        stringToSign[position++] = (byte)'\n';
        Hex.WriteLower(dataHash, stringToSign[position..]);
        VerifySignature(stringToSign, _providedSignature, "A chunk signature does not match the chunk.");
    }

    /// <summary>
    /// "AWS4-HMAC-SHA256-TRAILER\n" + time + "\n" + scope + "\n" + previous signature + "\n"
    /// + hex(sha256(each trailer as "name:value\n")).
    /// </summary>
    private void VerifyTrailerSignature(ReadOnlySpan<byte> signatureHex)
    {
        Span<byte> provided = stackalloc byte[SignatureLength];
        if (!Hex.TryDecode(signatureHex, provided))
        {
            throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch, "The trailer signature is not 64 hex digits.");
        }

        Span<byte> trailerHash = stackalloc byte[SignatureLength];
        _sha256!.GetHashAndReset(trailerHash);
        Span<byte> stringToSign = stackalloc byte[_trailerPrefix.Length + (2 * SignatureHexLength) + 1];
        _trailerPrefix.CopyTo(stringToSign);
        var position = _trailerPrefix.Length;
        _previousSignature.CopyTo(stringToSign[position..]);
        position += SignatureHexLength;
        stringToSign[position++] = (byte)'\n';
        Hex.WriteLower(trailerHash, stringToSign[position..]);
        VerifySignature(stringToSign, provided, "The trailer signature does not match the trailer.");
    }

    private void VerifySignature(ReadOnlySpan<byte> stringToSign, ReadOnlySpan<byte> provided, string message)
    {
        Span<byte> computed = stackalloc byte[SignatureLength];
        _hmac!.AppendData(stringToSign);
        _hmac.GetHashAndReset(computed);
        if (!CryptographicOperations.FixedTimeEquals(computed, provided))
        {
            throw new S3Exception(S3ErrorCode.SignatureDoesNotMatch, message);
        }

        Hex.WriteLower(computed, _previousSignature);
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (_failure is not null)
        {
            throw new S3Exception(_failure.Error, _failure.Message);
        }
    }

    internal static long ParseDecodedLength(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new S3Exception(S3ErrorCode.MissingContentLength, "An aws-chunked body needs the x-amz-decoded-content-length header.");
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, "x-amz-decoded-content-length is not a valid length.");
        }

        return length;
    }

    internal static ChecksumAlgorithm? ParseTrailerHeader(SigV4Context auth, string? value)
    {
        if (auth.PayloadMode is not (PayloadMode.StreamingUnsignedTrailer or PayloadMode.StreamingSignedTrailer)
            || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!ChecksumAlgorithms.TryParseHeaderName(value.AsSpan().Trim(), out var algorithm))
        {
            throw new S3Exception(S3ErrorCode.InvalidRequest, "The value specified in the x-amz-trailer header is not supported");
        }

        return algorithm;
    }

    private static S3Exception Truncated()
        => new(S3ErrorCode.IncompleteBody, "The aws-chunked body ended before its final chunk.");

    private static S3Exception MalformedChunkHeader()
        => new(S3ErrorCode.InvalidRequest, "The aws-chunked body is malformed: a chunk header is not hex-size[;chunk-signature=signature].");

    private static S3Exception InvalidChecksumValue(ChecksumAlgorithm algorithm)
        => new(S3ErrorCode.InvalidRequest, $"Value for {ChecksumAlgorithms.HeaderName(algorithm)} trailing header is invalid.");
}
