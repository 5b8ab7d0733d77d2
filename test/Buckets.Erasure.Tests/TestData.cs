using System.Security.Cryptography;

namespace Buckets.Erasure.Tests;

/// <summary>Shared helpers: reproducible data, stripes, combinations and hashes.</summary>
internal static class TestData
{
    /// <summary><paramref name="length"/> bytes from a seeded generator.</summary>
    public static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A deterministic, non-periodic object: byte n is the top byte of a multiplicative hash of n.</summary>
    public static byte[] DeterministicObject(int length)
    {
        var bytes = new byte[length];
        for (var n = 0; n < length; n++)
        {
            bytes[n] = (byte)(((uint)n * 2654435761u) >> 24);
        }

        return bytes;
    }

    /// <summary>K random data shards followed by M zeroed parity shards, all <paramref name="length"/> bytes.</summary>
    public static byte[][] RandomStripe(Random random, int dataShards, int parityShards, int length)
    {
        var shards = new byte[dataShards + parityShards][];
        for (var i = 0; i < shards.Length; i++)
        {
            shards[i] = i < dataShards ? RandomBytes(random, length) : new byte[length];
        }

        return shards;
    }

    public static byte[][] Clone(byte[][] shards) => shards.Select(s => (byte[])s.Clone()).ToArray();

    public static Memory<byte>[] AsMemory(byte[][] shards) => shards.Select(s => new Memory<byte>(s)).ToArray();

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Every r-element subset of 0..n-1, in lexicographic order.</summary>
    public static IEnumerable<int[]> Combinations(int n, int r)
    {
        var indices = Enumerable.Range(0, r).ToArray();
        if (r > n)
        {
            yield break;
        }

        while (true)
        {
            yield return (int[])indices.Clone();
            var i = r - 1;
            while (i >= 0 && indices[i] == n - r + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            indices[i]++;
            for (var j = i + 1; j < r; j++)
            {
                indices[j] = indices[j - 1] + 1;
            }
        }
    }

    /// <summary>A sorted random subset of 0..n-1 with <paramref name="count"/> elements.</summary>
    public static int[] RandomSubset(Random random, int n, int count)
    {
        var all = Enumerable.Range(0, n).ToArray();
        random.Shuffle(all);
        return all[..count].Order().ToArray();
    }

    public static long BinomialSum(int n, int maxR)
    {
        long total = 0;
        for (var r = 1; r <= maxR; r++)
        {
            long c = 1;
            for (var i = 0; i < r; i++)
            {
                c = c * (n - i) / (i + 1);
            }

            total += c;
        }

        return total;
    }
}
