using System.Security.Cryptography;

namespace Buckets.Grains.Tests;

/// <summary>Reproducible object contents and the ETag S3 gives them.</summary>
public static class TestContent
{
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The ETag of a single-part upload: the lowercase hex MD5 of the body.</summary>
    public static string ETag(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));
}
