using System.Collections.Concurrent;
using System.Numerics;

namespace Buckets.Erasure;

/// <summary>
/// Pooled buffers on the pinned object heap, handed out 64-byte aligned. Kernels read them through raw
/// pointers without pinning per call, and aligned 64-byte vector loads never straddle two cache lines
/// (unaligned shards cost the GFNI kernel about a fifth of its speed here). Fresh memory is slow to touch
/// on this kind of machine, so buffers are kept and reused rather than left to the GC.
/// </summary>
internal static class PinnedBufferPool
{
    private const int Alignment = 64;
    private const int MaxRetainedPerSize = 32;

    private static readonly ConcurrentDictionary<int, ConcurrentBag<PinnedBuffer>> Buckets = new();

    public static PinnedBuffer Rent(int minimumLength)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(minimumLength, Alignment));
        var bucket = Buckets.GetOrAdd(capacity, static _ => []);
        return bucket.TryTake(out var buffer) ? buffer : new PinnedBuffer(capacity, Alignment);
    }

    public static void Return(PinnedBuffer buffer)
    {
        var bucket = Buckets.GetOrAdd(buffer.Length, static _ => []);
        if (bucket.Count < MaxRetainedPerSize)
        {
            bucket.Add(buffer);
        }
    }
}
