using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Errors;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class ChecksumTests
{
    private static readonly byte[] CheckInput = Encoding.ASCII.GetBytes("123456789");

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "CBF43926")]
    [InlineData(ChecksumAlgorithm.Crc32C, "E3069283")]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "AE8B14860A799888")]
    [InlineData(ChecksumAlgorithm.Sha1, "F7C3BC1D808E04732ADF679965CCC34CA7AE3441")]
    [InlineData(ChecksumAlgorithm.Sha256, "15E2B0D3C33891EBB0F1EF609EC419420C20E320CE94C65FBC8C3312448EB225")]
    public void Gives_the_catalogued_check_value_of_123456789_big_endian(ChecksumAlgorithm algorithm, string checkHex)
    {
        var value = ChecksumAlgorithms.ComputeBase64(algorithm, CheckInput);

        Assert.Equal(checkHex, Convert.ToHexString(Convert.FromBase64String(value)));
    }

    [Fact]
    public void Crc32c_of_the_documented_trailer_example_body_is_sOO8()
        => Assert.Equal("sOO8/Q==", ChecksumAlgorithms.ComputeBase64(ChecksumAlgorithm.Crc32C, Enumerable.Repeat((byte)'a', 66560).ToArray()));

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    [InlineData(ChecksumAlgorithm.Sha1)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    public void Appending_in_pieces_gives_the_one_shot_value(ChecksumAlgorithm algorithm)
    {
        var data = RandomBytes(10_007, seed: 7);
        var expected = ChecksumAlgorithms.ComputeBase64(algorithm, data);
        using var checksum = ChecksumAlgorithms.Create(algorithm);
        var random = new Random(3);
        for (var offset = 0; offset < data.Length;)
        {
            var length = Math.Min(random.Next(0, 37), data.Length - offset);
            checksum.Append(data.AsSpan(offset, length));
            offset += length;
        }

        var hash = new byte[checksum.HashLengthInBytes];
        checksum.GetHashAndReset(hash);

        Assert.Equal(expected, Convert.ToBase64String(hash));
    }

    [Fact]
    public void Crc32c_matches_System_IO_Hashing_11_on_random_data()
    {
        var data = RandomBytes(100_003, seed: 11);
        var reference = new Crc32(Crc32ParameterSet.Crc32C);
        reference.Append(data);

        Assert.Equal(
            reference.GetCurrentHashAsUInt32().ToString("X8"),
            Convert.ToHexString(Convert.FromBase64String(ChecksumAlgorithms.ComputeBase64(ChecksumAlgorithm.Crc32C, data))));
    }

    [Fact]
    public void Crc64nvme_matches_System_IO_Hashing_11_on_random_data()
    {
        var data = RandomBytes(100_003, seed: 13);
        var reference = new Crc64(Crc64ParameterSet.Nvme);
        reference.Append(data);

        Assert.Equal(
            reference.GetCurrentHashAsUInt64().ToString("X16"),
            Convert.ToHexString(Convert.FromBase64String(ChecksumAlgorithms.ComputeBase64(ChecksumAlgorithm.Crc64Nvme, data))));
    }

    [Fact]
    public void A_reset_checksum_starts_over()
    {
        using var checksum = ChecksumAlgorithms.Create(ChecksumAlgorithm.Crc64Nvme);
        var scratch = new byte[8];
        checksum.Append("junk"u8);
        checksum.GetHashAndReset(scratch);
        checksum.Append(CheckInput);
        checksum.GetHashAndReset(scratch);

        Assert.Equal("AE8B14860A799888", Convert.ToHexString(scratch));
    }

    [Theory]
    [InlineData("x-amz-checksum-crc32", ChecksumAlgorithm.Crc32)]
    [InlineData("X-Amz-Checksum-CRC32C", ChecksumAlgorithm.Crc32C)]
    [InlineData("x-amz-checksum-crc64nvme", ChecksumAlgorithm.Crc64Nvme)]
    [InlineData("x-amz-checksum-sha1", ChecksumAlgorithm.Sha1)]
    [InlineData("x-amz-checksum-sha256", ChecksumAlgorithm.Sha256)]
    public void Header_names_parse_in_any_case(string header, ChecksumAlgorithm algorithm)
    {
        Assert.True(ChecksumAlgorithms.TryParseHeaderName(header, out var parsed));
        Assert.Equal(algorithm, parsed);
        Assert.Equal(header.ToLowerInvariant(), ChecksumAlgorithms.HeaderName(algorithm));
    }

    [Fact]
    public void Content_md5_accepts_base64_of_sixteen_bytes_and_verifies_it()
    {
        var body = "Welcome to Amazon S3."u8.ToArray();
        var declared = ContentMd5.Parse(Convert.ToBase64String(MD5.HashData(body)));

        ContentMd5.Verify(declared, MD5.HashData(body));
        var error = Assert.Throws<S3Exception>(() => ContentMd5.Verify(declared, MD5.HashData("other"u8)));
        Assert.Equal("BadDigest", error.Code);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("")]
    public void Content_md5_that_is_not_sixteen_bytes_of_base64_is_an_invalid_digest(string header)
    {
        var error = Assert.Throws<S3Exception>(() => ContentMd5.Parse(header));

        Assert.Equal("InvalidDigest", error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
