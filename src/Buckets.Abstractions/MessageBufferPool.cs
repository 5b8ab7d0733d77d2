using System.Collections.Concurrent;

namespace Buckets.Abstractions;

/// <summary>
/// Buffers of exactly the size a message carries (shard blocks, decoded blocks). A buffer passed in a local grain
/// call is the same array on both sides, so whoever ends up holding it returns it here; one that crossed silos
/// was copied, and the copy is returned instead. ArrayPool rounds up to a power of two, and an immutable
/// array sent to another silo is serialized whole, so a 512 KiB + 16 byte shard block would travel as 1 MiB.
/// Reusing the buffers also spares the GC a large-object allocation per shard per block.
/// </summary>
public static class MessageBufferPool
{
    private const int MaxRetainedPerSize = 128;

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
