using System.Buffers;
using System.Runtime.InteropServices;

namespace Buckets.Benchmarks;

/// <summary>
/// One 64-byte aligned, zeroed native shard buffer usable both as a <see cref="Memory{T}"/> (for the library's
/// public API) and as a raw pointer (for ISA-L), so both sides run over exactly the same bytes.
/// </summary>
internal sealed unsafe class NativeShardMemory : MemoryManager<byte>
{
    private const int Alignment = 64;

    private readonly int length;
    private byte* pointer;

    public NativeShardMemory(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        this.length = length;
        pointer = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(length, 1), Alignment);
        NativeMemory.Clear(pointer, (nuint)length);
    }

    public byte* Pointer => pointer;

    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (pointer != null)
        {
            NativeMemory.AlignedFree(pointer);
            pointer = null;
        }
    }
}
