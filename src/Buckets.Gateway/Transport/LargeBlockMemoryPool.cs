using System.Buffers;
using System.Collections.Concurrent;

namespace Buckets.Gateway.Transport;

/// <summary>
/// The memory Kestrel's socket transport reads requests into and writes responses from, in blocks of
/// <see cref="BlockSize"/> instead of its default 4 KiB. A socket receive fills at most what is left of one block, so
/// with 4 KiB blocks a 1 MiB PUT body took ~500 <c>recvfrom</c> calls (a zero-byte wait plus a read per ~2-4 KiB):
/// on 2 cores the kernel time of those calls was a tenth of the server's CPU at 1 MiB PUTs. Blocks are pinned (the
/// socket layer pins whatever it reads into) and reused; at most <see cref="MaxRetained"/> free ones are kept.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    // 16 MiB: enough for every connection of a busy node to have its blocks back without allocating.
    public const int MaxRetained = 256;

    private readonly ConcurrentQueue<PooledBlock> free = new();
    private int freeCount;
    private volatile bool disposed;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref freeCount);
            block.Lease();
            return block;
        }

        var fresh = new PooledBlock(this, BlockSize);
        fresh.Lease();
        return fresh;
    }

    internal void Return(PooledBlock block)
    {
        // Once the transport has shut down, or past the cap, a block is left to the GC.
        if (disposed)
        {
            return;
        }

        if (Interlocked.Increment(ref freeCount) > MaxRetained)
        {
            Interlocked.Decrement(ref freeCount);
            return;
        }

        free.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
        disposed = true;
        free.Clear();
    }
}
