using System.Buffers;
using System.Runtime.InteropServices;

namespace Buckets.Gateway.Transport;

/// <summary>One pinned block of a <see cref="LargeBlockMemoryPool"/>; disposing it hands it back.</summary>
internal sealed class PooledBlock : IMemoryOwner<byte>
{
    private readonly LargeBlockMemoryPool pool;
    private int leased;

    public PooledBlock(LargeBlockMemoryPool pool, int size)
    {
        this.pool = pool;
        Memory = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(size, pinned: true), 0, size);
    }

    public Memory<byte> Memory { get; }

    internal void Lease() => Volatile.Write(ref leased, 1);

    public void Dispose()
    {
        // A second Dispose must not put the block in the free list twice (two renters would share it).
        if (Interlocked.Exchange(ref leased, 0) == 1)
        {
            pool.Return(this);
        }
    }
}
