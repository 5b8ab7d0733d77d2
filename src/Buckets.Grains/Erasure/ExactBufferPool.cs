using System.Collections.Concurrent;

namespace Buckets.Grains.Erasure;

/// <summary>
/// Shard buffers of exactly the size a message carries. ArrayPool rounds up to a power of two, and an immutable
/// array sent to another silo is serialized whole, so a 512 KiB + 16 byte shard block would travel as 1 MiB.
/// Reusing the buffers also spares the GC a large-object allocation per shard per block.
/// </summary>
internal static class ExactBufferPool
{
    private const int MaxRetainedPerSize = 64;

    private static readonly ConcurrentDictionary<int, ConcurrentBag<byte[]>> Buckets = new();

    public static byte[] Rent(int length) =>
        Buckets.TryGetValue(length, out var bag) && bag.TryTake(out var buffer) ? buffer : GC.AllocateUninitializedArray<byte>(length);

    public static void Return(byte[] buffer)
    {
        var bag = Buckets.GetOrAdd(buffer.Length, static _ => []);
        if (bag.Count < MaxRetainedPerSize)
        {
            bag.Add(buffer);
        }
    }
}
