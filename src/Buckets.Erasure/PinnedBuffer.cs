using System.Runtime.CompilerServices;

namespace Buckets.Erasure;

/// <summary>A pinned, aligned region of a POH array: usable both as memory and as a stable pointer.</summary>
internal sealed unsafe class PinnedBuffer
{
    private readonly byte[] array;
    private readonly int offset;

    public PinnedBuffer(int length, int alignment)
    {
        array = GC.AllocateUninitializedArray<byte>(length + alignment, pinned: true);
        var address = (nint)Unsafe.AsPointer(ref array[0]);
        offset = (int)(((address + alignment - 1) & ~(nint)(alignment - 1)) - address);
        Pointer = (byte*)address + offset;
        Length = length;
    }

    public int Length { get; }

    public byte* Pointer { get; }

    public Memory<byte> Memory(int start, int length) => array.AsMemory(offset + start, length);

    public Span<byte> Span(int start, int length) => array.AsSpan(offset + start, length);
}
