using System.Buffers;

namespace Buckets.Hashing;

/// <summary>One piece of a stream handed to <see cref="Md5Lanes"/>: pinned until its lane has read it.</summary>
internal sealed class Md5Job(ReadOnlyMemory<byte> data)
{
    public ReadOnlyMemory<byte> Data { get; } = data;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MemoryHandle Pin { get; set; }
}
