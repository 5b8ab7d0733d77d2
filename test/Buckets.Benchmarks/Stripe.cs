using System.Runtime.InteropServices;

namespace Buckets.Benchmarks;

/// <summary>
/// K data + M parity shard buffers of one length, each separately 64-byte aligned (as ISA-L's own
/// erasure_code_perf allocates them), exposed as <see cref="Memory{T}"/>s and as a pointer array.
/// </summary>
internal sealed unsafe class Stripe : IDisposable
{
    private readonly NativeShardMemory[] buffers;
    private byte** pointers;

    public Stripe(ErasureShape shape)
    {
        Shape = shape;
        buffers = new NativeShardMemory[shape.TotalShards];
        Shards = new Memory<byte>[shape.TotalShards];
        pointers = (byte**)NativeMemory.Alloc((nuint)shape.TotalShards, (nuint)sizeof(byte*));
        for (var i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new NativeShardMemory(shape.ShardLength);
            Shards[i] = buffers[i].Memory;
            pointers[i] = buffers[i].Pointer;
        }
    }

    public ErasureShape Shape { get; }

    public int ShardLength => Shape.ShardLength;

    /// <summary>All K+M shards, data first.</summary>
    public Memory<byte>[] Shards { get; }

    /// <summary>K+M shard addresses, data first.</summary>
    public byte** Pointers => pointers;

    public Span<byte> Shard(int index) => Shards[index].Span;

    public void FillData(Random random)
    {
        for (var i = 0; i < Shape.DataShards; i++)
        {
            random.NextBytes(Shard(i));
        }
    }

    public void Dispose()
    {
        if (pointers == null)
        {
            return;
        }

        foreach (var buffer in buffers)
        {
            ((IDisposable)buffer).Dispose();
        }

        NativeMemory.Free(pointers);
        pointers = null;
    }
}
