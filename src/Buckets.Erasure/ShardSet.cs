using System.Numerics;

namespace Buckets.Erasure;

/// <summary>A set of shard indices (0..255) as a 256-bit mask: a cheap, allocation-free cache key.</summary>
internal readonly record struct ShardSet(ulong Word0, ulong Word1, ulong Word2, ulong Word3)
{
    public int Count =>
        BitOperations.PopCount(Word0) + BitOperations.PopCount(Word1) +
        BitOperations.PopCount(Word2) + BitOperations.PopCount(Word3);

    public bool IsEmpty => (Word0 | Word1 | Word2 | Word3) == 0;

    public static ShardSet FromFlags(ReadOnlySpan<bool> flags, bool value, int start, int end)
    {
        Span<ulong> words = stackalloc ulong[4];
        for (var i = start; i < end; i++)
        {
            if (flags[i] == value)
            {
                words[i >> 6] |= 1UL << (i & 63);
            }
        }

        return new ShardSet(words[0], words[1], words[2], words[3]);
    }

    public ShardSet With(int index) => (index >> 6) switch
    {
        0 => this with { Word0 = Word0 | (1UL << index) },
        1 => this with { Word1 = Word1 | (1UL << (index & 63)) },
        2 => this with { Word2 = Word2 | (1UL << (index & 63)) },
        _ => this with { Word3 = Word3 | (1UL << (index & 63)) },
    };

    public bool Contains(int index) =>
        ((index >> 6) switch
        {
            0 => Word0,
            1 => Word1,
            2 => Word2,
            _ => Word3,
        } & (1UL << (index & 63))) != 0;

    public int[] ToArray()
    {
        var result = new int[Count];
        var n = 0;
        for (var i = 0; i < 256 && n < result.Length; i++)
        {
            if (Contains(i))
            {
                result[n++] = i;
            }
        }

        return result;
    }
}
