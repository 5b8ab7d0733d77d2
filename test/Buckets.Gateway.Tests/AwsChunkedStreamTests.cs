using System.Text;
using Buckets.Gateway.Auth;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Chunked;
using Buckets.Gateway.Errors;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class AwsChunkedStreamTests
{
    private const string SignedSeed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private const string TrailerSeed = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";

    private static readonly byte[] DocData = Enumerable.Repeat((byte)'a', 66560).ToArray();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_documented_chunked_upload_yields_its_seed_signature_and_decodes()
    {
        var body = DocSignedBody();
        var request = TestRequests.Create("PUT", "/examplebucket/chunkObject.txt",
        [
            ("Host", "s3.amazonaws.com"),
            ("x-amz-date", AwsExample.AmzDate),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("Authorization", $"AWS4-HMAC-SHA256 Credential={AwsExample.AccessKey}/{AwsExample.Scope},SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature={SignedSeed}"),
            ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
            ("Content-Encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", "66560"),
            ("Content-Length", "66824"),
        ], body);
        Assert.Equal(66824, body.Length);

        var context = await AwsExample.Authenticator().AuthenticateAsync(request, Cancel);
        await using var decoded = RequestBody.Open(request, context);

        Assert.Equal(SignedSeed, context.SeedSignature);
        Assert.Equal(PayloadMode.StreamingSigned, context.PayloadMode);
        Assert.Equal(DocData, await ReadAllAsync(decoded.Content, 8192));
        Assert.Equal(66560, decoded.Length);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(7, false)]
    [InlineData(4096, true)]
    [InlineData(70_000, false)]
    [InlineData(70_000, true)]
    public void The_documented_chunked_upload_decodes_through_any_read_size(int readSize, bool trickle)
    {
        var body = DocSignedBody();
        using var stream = new AwsChunkedStream(trickle ? new TrickleStream(body, 13) : new MemoryStream(body),
            AwsExample.Context(PayloadMode.StreamingSigned, SignedSeed), DocData.Length, trailerAlgorithm: null);

        Assert.Equal(DocData, ReadAllSync(stream, readSize));
        Assert.True(stream.IsCompleted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_documented_signed_trailer_upload_decodes_and_reports_its_crc32c(bool blankLineBeforeSignature)
    {
        var trailer = "x-amz-checksum-crc32c:sOO8/Q==" + (blankLineBeforeSignature ? "\n\r\n" : "\r\n")
            + "x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n";
        var body = DocBody(
            "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
            "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
            "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
            trailer);
        await using var stream = new AwsChunkedStream(new TrickleStream(body, 31),
            AwsExample.Context(PayloadMode.StreamingSignedTrailer, TrailerSeed), DocData.Length, ChecksumAlgorithm.Crc32C);

        Assert.Equal(DocData, await ReadAllAsync(stream, 5000));
        Assert.Equal(new ChecksumValue(ChecksumAlgorithm.Crc32C, "sOO8/Q=="), stream.TrailerChecksum);
    }

    [Fact]
    public async Task A_flipped_data_byte_fails_its_chunk_signature()
    {
        var body = DocSignedBody();
        body[100] = (byte)'b';

        var error = await Decoding(body, AwsExample.Context(PayloadMode.StreamingSigned, SignedSeed), DocData.Length);

        Assert.Equal("SignatureDoesNotMatch", error.Code);
    }

    [Fact]
    public async Task A_flipped_byte_in_the_last_chunk_fails_before_the_last_byte_is_returned()
    {
        var body = DocSignedBody();
        body[body.Length - 100] = (byte)'b';
        await using var stream = new AwsChunkedStream(new MemoryStream(body),
            AwsExample.Context(PayloadMode.StreamingSigned, SignedSeed), DocData.Length, trailerAlgorithm: null);
        var buffer = new byte[DocData.Length];

        // A reader that stops at the declared length, never asking for the end, still gets the verdict.
        await Assert.ThrowsAsync<S3Exception>(async () => await stream.ReadExactlyAsync(buffer, Cancel));
    }

    [Fact]
    public async Task A_reordered_chunk_sequence_fails_its_signature_chain()
    {
        var context = AwsExample.Context(PayloadMode.StreamingSigned, SignedSeed);
        var first = Encoding.ASCII.GetBytes("x");
        var second = Encoding.ASCII.GetBytes("y");
        var bodyA = ChunkedBodyWriter.Encode(context, [.. first, .. second], chunkSize: 1);
        var text = Encoding.Latin1.GetString(bodyA);
        var chunks = text.Split("\r\n");

        // Swap the two one-byte chunks (header and data together).
        var swapped = string.Join("\r\n", [chunks[2], chunks[3], chunks[0], chunks[1], .. chunks[4..]]);
        var error = await Decoding(Encoding.Latin1.GetBytes(swapped), context, 2);

        Assert.Equal("SignatureDoesNotMatch", error.Code);
    }

    [Fact]
    public async Task A_forged_trailer_signature_is_refused()
    {
        var context = AwsExample.Context(PayloadMode.StreamingSignedTrailer, TrailerSeed);
        var body = Encoding.Latin1.GetString(ChunkedBodyWriter.Encode(context, DocData, 65536, ChecksumAlgorithm.Crc32));
        var position = body.IndexOf("x-amz-trailer-signature:", StringComparison.Ordinal) + "x-amz-trailer-signature:".Length;
        var forged = body[..position] + new string('0', 64) + body[(position + 64)..];

        var error = await Decoding(Encoding.Latin1.GetBytes(forged), context, DocData.Length, ChecksumAlgorithm.Crc32);

        Assert.Equal("SignatureDoesNotMatch", error.Code);
    }

    [Fact]
    public async Task A_signed_trailer_without_its_signature_is_refused()
    {
        var context = AwsExample.Context(PayloadMode.StreamingSignedTrailer, TrailerSeed);
        var body = Encoding.Latin1.GetString(ChunkedBodyWriter.Encode(context, DocData, 65536, ChecksumAlgorithm.Crc32));
        var stripped = body[..body.IndexOf("x-amz-trailer-signature:", StringComparison.Ordinal)] + "\r\n";

        var error = await Decoding(Encoding.Latin1.GetBytes(stripped), context, DocData.Length, ChecksumAlgorithm.Crc32);

        Assert.Equal("SignatureDoesNotMatch", error.Code);
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    [InlineData(ChecksumAlgorithm.Sha1)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    public async Task An_unsigned_trailer_upload_verifies_and_reports_its_checksum(ChecksumAlgorithm algorithm)
    {
        var data = RandomBytes(300_000);
        var context = AwsExample.Context(PayloadMode.StreamingUnsignedTrailer, seedSignature: "");
        var body = ChunkedBodyWriter.Encode(context, data, 65536, algorithm);
        await using var stream = new AwsChunkedStream(new MemoryStream(body), context, data.Length, algorithm);

        Assert.Equal(data, await ReadAllAsync(stream, 16384));
        Assert.Equal(new ChecksumValue(algorithm, ChecksumAlgorithms.ComputeBase64(algorithm, data)), stream.TrailerChecksum);
    }

    [Theory]
    [InlineData(PayloadMode.StreamingUnsignedTrailer)]
    [InlineData(PayloadMode.StreamingSignedTrailer)]
    public async Task A_wrong_checksum_trailer_is_a_bad_digest(PayloadMode mode)
    {
        var data = RandomBytes(100_000);
        var context = AwsExample.Context(mode, TrailerSeed);
        var wrong = ChecksumAlgorithms.ComputeBase64(ChecksumAlgorithm.Crc32, "other"u8);
        var body = ChunkedBodyWriter.Encode(context, data, 8192, ChecksumAlgorithm.Crc32, wrong);

        var error = await Decoding(body, context, data.Length, ChecksumAlgorithm.Crc32);

        Assert.Equal("BadDigest", error.Code);
        Assert.Equal("The CRC32 you specified did not match the calculated checksum.", error.Message);
    }

    [Fact]
    public async Task A_missing_announced_trailer_is_malformed()
    {
        var context = AwsExample.Context(PayloadMode.StreamingUnsignedTrailer, "");
        var body = ChunkedBodyWriter.Encode(context, DocData, 65536);

        var error = await Decoding(body, context, DocData.Length, ChecksumAlgorithm.Crc32);

        Assert.Equal("MalformedTrailerError", error.Code);
    }

    [Fact]
    public async Task A_trailer_other_than_the_announced_one_is_malformed()
    {
        var context = AwsExample.Context(PayloadMode.StreamingUnsignedTrailer, "");
        var body = ChunkedBodyWriter.Encode(context, DocData, 65536, ChecksumAlgorithm.Sha256);

        var error = await Decoding(body, context, DocData.Length, ChecksumAlgorithm.Crc32);

        Assert.Equal("MalformedTrailerError", error.Code);
    }

    [Theory]
    [InlineData(66559)]
    [InlineData(66561)]
    public async Task A_body_other_than_the_declared_decoded_length_is_incomplete(long declared)
    {
        var error = await Decoding(DocSignedBody(), AwsExample.Context(PayloadMode.StreamingSigned, SignedSeed), declared);

        Assert.Equal("IncompleteBody", error.Code);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(65_600)]
    [InlineData(66_700)]
    public async Task A_body_cut_short_is_incomplete(int keep)
    {
        var error = await Decoding(DocSignedBody()[..keep], AwsExample.Context(PayloadMode.StreamingSigned, SignedSeed), DocData.Length);

        Assert.Equal("IncompleteBody", error.Code);
    }

    [Theory]
    [InlineData("zz;chunk-signature=00\r\n")]
    [InlineData(";chunk-signature=00\r\n")]
    [InlineData("10000 garbage\r\n")]
    public async Task A_malformed_chunk_header_is_an_invalid_request(string header)
    {
        var error = await Decoding(Encoding.ASCII.GetBytes(header), AwsExample.Context(PayloadMode.StreamingSigned, SignedSeed), DocData.Length);

        Assert.Equal("InvalidRequest", error.Code);
    }

    [Fact]
    public async Task A_signed_chunk_without_a_signature_is_refused()
    {
        var body = Encoding.ASCII.GetBytes("1\r\na\r\n0\r\n\r\n");

        var error = await Decoding(body, AwsExample.Context(PayloadMode.StreamingSigned, SignedSeed), 1);

        Assert.Equal("SignatureDoesNotMatch", error.Code);
    }

    [Fact]
    public async Task An_endless_chunk_header_is_refused_without_buffering_it()
    {
        var body = Encoding.ASCII.GetBytes(new string('1', 10) + ";" + new string('x', 100_000));

        var error = await Decoding(body, AwsExample.Context(PayloadMode.StreamingSigned, SignedSeed), long.MaxValue);

        Assert.Equal("InvalidRequest", error.Code);
    }

    [Fact]
    public async Task An_empty_body_is_just_the_final_chunk()
    {
        var context = AwsExample.Context(PayloadMode.StreamingSignedTrailer, TrailerSeed);
        var body = ChunkedBodyWriter.Encode(context, [], 65536, ChecksumAlgorithm.Crc32);
        await using var stream = new AwsChunkedStream(new MemoryStream(body), context, 0, ChecksumAlgorithm.Crc32);

        Assert.Empty(await ReadAllAsync(stream, 100));
        Assert.Equal("AAAAAA==", stream.TrailerChecksum!.Value.Base64);
    }

    [Fact]
    public async Task A_failed_stream_keeps_failing()
    {
        var body = DocSignedBody();
        body[100] = (byte)'b';
        await using var stream = new AwsChunkedStream(new MemoryStream(body),
            AwsExample.Context(PayloadMode.StreamingSigned, SignedSeed), DocData.Length, trailerAlgorithm: null);
        await Assert.ThrowsAsync<S3Exception>(async () => await ReadAllAsync(stream, 100_000));

        var again = await Assert.ThrowsAsync<S3Exception>(async () => await stream.ReadAtLeastAsync(new byte[10], 10, throwOnEndOfStream: false, Cancel));
        Assert.Equal("SignatureDoesNotMatch", again.Code);
    }

    [Fact]
    public void Decoding_allocates_nothing_per_chunk()
    {
        var context = AwsExample.Context(PayloadMode.StreamingSignedTrailer, TrailerSeed);
        var few = ChunkedBodyWriter.Encode(context, RandomBytes(8 * 1024), 1024, ChecksumAlgorithm.Crc32);
        var many = ChunkedBodyWriter.Encode(context, RandomBytes(512 * 1024), 1024, ChecksumAlgorithm.Crc32);
        var buffer = new byte[16 * 1024];
        // Warm both sizes: tiered compilation (OSR of the long loop) allocates once, on its own schedule.
        Decode(few);
        Decode(many);

        var fewBytes = Enumerable.Range(0, 3).Min(_ => AllocatedBy(() => Decode(few)));
        var manyBytes = Enumerable.Range(0, 3).Min(_ => AllocatedBy(() => Decode(many)));

        // 504 more chunks; a single allocation per chunk would add at least 504 * 24 bytes.
        Assert.True(manyBytes - fewBytes < 2048, $"{fewBytes} bytes for 8 chunks, {manyBytes} bytes for 512 chunks");

        void Decode(byte[] body)
        {
            using var stream = new AwsChunkedStream(new MemoryStream(body), context, body.Length == few.Length ? 8 * 1024 : 512 * 1024, ChecksumAlgorithm.Crc32);
            while (stream.Read(buffer) > 0)
            {
            }
        }
    }

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static async Task<S3Exception> Decoding(byte[] body, SigV4Context context, long declared, ChecksumAlgorithm? trailer = null)
    {
        await using var stream = new AwsChunkedStream(new MemoryStream(body), context, declared, trailer);
        return await Assert.ThrowsAsync<S3Exception>(async () => await ReadAllAsync(stream, 4096));
    }

    private static byte[] DocSignedBody() => DocBody(
        "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
        "\r\n");

    /// <summary>The documentation's 65536 + 1024 + 0 framing of 66560 'a's, with the given signatures.</summary>
    private static byte[] DocBody(string first, string second, string final, string tail)
    {
        var text = $"10000;chunk-signature={first}\r\n{new string('a', 65536)}\r\n"
            + $"400;chunk-signature={second}\r\n{new string('a', 1024)}\r\n"
            + $"0;chunk-signature={final}\r\n{tail}";
        return Encoding.ASCII.GetBytes(text);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, int readSize)
    {
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer, Cancel)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static byte[] ReadAllSync(Stream stream, int readSize)
    {
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static byte[] RandomBytes(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }
}
