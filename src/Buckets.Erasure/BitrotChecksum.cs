using System.IO.Hashing;

namespace Buckets.Erasure;

/// <summary>
/// The checksum in front of every shard block: XXH3-128 of the shard bytes, seeded with the shard's index and
/// block number. The seed makes a shard block that is intact but in the wrong place (another disk's file,
/// another block of the stream) fail its check instead of decoding into wrong data. Why XXH3: see
/// architecture/erasure.md.
/// </summary>
internal static class BitrotChecksum
{
    public const int Size = 16;

    public static long Seed(int shardIndex, long blockIndex) => ((long)shardIndex << 40) ^ blockIndex;

    public static void Compute(ReadOnlySpan<byte> shard, int shardIndex, long blockIndex, Span<byte> destination) =>
        XxHash128.Hash(shard, destination, Seed(shardIndex, blockIndex));

    public static bool Verify(ReadOnlySpan<byte> shard, int shardIndex, long blockIndex, ReadOnlySpan<byte> expected)
    {
        Span<byte> actual = stackalloc byte[Size];
        Compute(shard, shardIndex, blockIndex, actual);
        return actual.SequenceEqual(expected);
    }
}
