using Xunit;
using System.Security.Cryptography;

namespace Buckets.Hashing.Tests;

public sealed class Md5BlockTests
{
    [Fact]
    public void Matches_the_platform_MD5_for_every_length_around_the_padding_boundaries()
    {
        var data = new byte[300];
        new Random(7).NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
        {
            Assert.Equal(MD5.HashData(data.AsSpan(0, length)), Hash(data.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Matches_the_RFC_1321_test_suite()
    {
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", Convert.ToHexStringLower(Hash(""u8)));
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", Convert.ToHexStringLower(Hash("abc"u8)));
        Assert.Equal("57edf4a22be3c955ac49da2e2107b67a",
            Convert.ToHexStringLower(Hash("12345678901234567890123456789012345678901234567890123456789012345678901234567890"u8)));
    }

    [Fact]
    public void Two_interleaved_streams_give_what_each_gives_alone()
    {
        var random = new Random(11);
        foreach (var blocks in new[] { 0, 1, 2, 7, 64 })
        {
            var first = new byte[blocks * Md5Block.Size];
            var second = new byte[blocks * Md5Block.Size];
            random.NextBytes(first);
            random.NextBytes(second);
            Span<uint> alone1 = [1u, 2u, 3u, 4u];
            Span<uint> alone2 = [0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u];
            Span<uint> paired1 = [1u, 2u, 3u, 4u];
            Span<uint> paired2 = [0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u];
            Md5Block.Compress(alone1, first);
            Md5Block.Compress(alone2, second);

            Md5Block.Compress2(paired1, first, paired2, second);

            Assert.Equal(alone1.ToArray(), paired1.ToArray());
            Assert.Equal(alone2.ToArray(), paired2.ToArray());
        }

        Assert.Throws<ArgumentException>(() => Md5Block.Compress2(new uint[4], new byte[64], new uint[4], new byte[128]));
    }

    private static byte[] Hash(ReadOnlySpan<byte> data)
    {
        Span<uint> state = stackalloc uint[4];
        Md5Block.Initialize(state);
        var whole = data.Length / Md5Block.Size * Md5Block.Size;
        Md5Block.Compress(state, data[..whole]);
        var digest = new byte[16];
        Md5Block.Finish(state, data[whole..], data.Length, digest);
        return digest;
    }
}
