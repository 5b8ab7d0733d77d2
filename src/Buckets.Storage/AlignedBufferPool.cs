using System.Collections.Concurrent;

namespace Buckets.Storage;

/// <summary>
/// Byte buffers whose first byte sits at an aligned address, so a shard block encoded into one can be written with
/// direct I/O as it is, without the copy into an aligned staging buffer (<see cref="DirectIoWriter"/>). A buffer is
/// a slice of a pinned array: pinned arrays never move, so the slice found aligned once stays aligned, and a
/// managed array lets a local grain call hand the buffer over by reference. Arrays are kept for reuse, a bounded
/// number per size: a fresh array of half a MiB per shard per block would be a large-object allocation each time.
/// </summary>
public static class AlignedBufferPool
{
    private const int MaxRetainedPerSize = 128;

    /// <summary>Keyed by array length: an array of length + alignment - 1 holds an aligned slice wherever it starts.</summary>
    private static readonly ConcurrentDictionary<int, ConcurrentBag<byte[]>> Buckets = new();

    /// <summary>
    /// A slice of exactly <paramref name="length"/> bytes starting at a multiple of <paramref name="alignment"/> (a
    /// power of two); its contents are undefined. Give its <see cref="ArraySegment{T}.Array"/> back with
    /// <see cref="Return"/>.
    /// </summary>
    public static ArraySegment<byte> Rent(int length, int alignment)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (alignment < 1 || !int.IsPow2(alignment))
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "The alignment must be a power of two.");
        }

        var arrayLength = checked(length + alignment - 1);
        var array = Buckets.TryGetValue(arrayLength, out var bag) && bag.TryTake(out var pooled)
            ? pooled
            : GC.AllocateUninitializedArray<byte>(arrayLength, pinned: true);
        return new ArraySegment<byte>(array, AlignedStart(array, alignment), length);
    }

    /// <summary>Takes back an array that <see cref="Rent"/> handed out; nobody may use it afterwards.</summary>
    public static void Return(byte[] array)
    {
        var bag = Buckets.GetOrAdd(array.Length, static _ => []);
        if (bag.Count < MaxRetainedPerSize)
        {
            bag.Add(array);
        }
    }

    private static unsafe int AlignedStart(byte[] array, int alignment)
    {
        // Pinned at allocation, so the address read here is the one every later writer sees.
        fixed (byte* first = array)
        {
            var misalignment = (int)((nuint)first & (nuint)(alignment - 1));
            return misalignment == 0 ? 0 : alignment - misalignment;
        }
    }
}
