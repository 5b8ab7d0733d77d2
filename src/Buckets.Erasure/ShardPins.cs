using System.Buffers;
using System.Runtime.InteropServices;

namespace Buckets.Erasure;

/// <summary>Pins a list of shard buffers for the duration of one kernel call and exposes their addresses.</summary>
internal unsafe struct ShardPins : IDisposable
{
    private readonly MemoryHandle[] handles;
    private readonly int count;

    public ShardPins(ReadOnlySpan<Memory<byte>> shards)
    {
        count = shards.Length;
        handles = ArrayPool<MemoryHandle>.Shared.Rent(count);
        Pointers = (byte**)NativeMemory.Alloc((nuint)count, (nuint)sizeof(byte*));
        for (var i = 0; i < count; i++)
        {
            handles[i] = shards[i].Pin();
            Pointers[i] = (byte*)handles[i].Pointer;
        }
    }

    public byte** Pointers { get; private set; }

    public void Dispose()
    {
        if (Pointers == null)
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            handles[i].Dispose();
        }

        ArrayPool<MemoryHandle>.Shared.Return(handles, clearArray: true);
        NativeMemory.Free(Pointers);
        Pointers = null;
    }
}
