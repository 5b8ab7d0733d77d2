using System.Buffers.Binary;

namespace Buckets.Server.Tests;

/// <summary>
/// Deterministic pseudo-random content addressable by offset: any slice of a seeded "file" can be produced on the fly,
/// so a 200 MiB object never exists in memory and a range can be checked without the rest.
/// </summary>
public static class SeededBytes
{
    public static byte[] Create(ulong seed, int length)
    {
        var data = new byte[length];
        Fill(seed, 0, data);
        return data;
    }

    public static void Fill(ulong seed, long offset, Span<byte> destination)
    {
        Span<byte> word = stackalloc byte[8];
        var written = 0;
        while (written < destination.Length)
        {
            var position = offset + written;
            var index = position >> 3;
            var skip = (int)(position & 7);
            var remaining = destination.Length - written;
            if (skip == 0 && remaining >= 8)
            {
                var words = remaining >> 3;
                var target = destination.Slice(written, words * 8);
                for (var i = 0; i < words; i++)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(target[(i * 8)..], Word(seed, index + i));
                }

                written += words * 8;
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(word, Word(seed, index));
                var take = Math.Min(8 - skip, remaining);
                word.Slice(skip, take).CopyTo(destination[written..]);
                written += take;
            }
        }
    }

    /// <summary>SplitMix64 of the word's index.</summary>
    private static ulong Word(ulong seed, long index)
    {
        var z = seed + ((ulong)(index + 1) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
