using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Buckets.Gateway.Transport;

/// <summary>
/// Replaces Kestrel's <see cref="IMemoryPoolFactory{T}"/>: the socket transport asks the one in the container for the
/// pools of its connections, and so reads and writes in <see cref="LargeBlockMemoryPool.BlockSize"/> blocks.
/// </summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
