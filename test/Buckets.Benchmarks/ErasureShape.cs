namespace Buckets.Benchmarks;

/// <summary>
/// A K+M layout benchmarked with one 1 MiB block of input data per operation: each of the K data shards is
/// ceil(1 MiB / K) bytes, as the streaming encoder cuts a full block. Shown as "K+M" in the summary tables.
/// </summary>
public sealed record ErasureShape(int DataShards, int ParityShards) : IComparable<ErasureShape>, IComparable
{
    /// <summary>Input data per operation of the kernel benchmarks.</summary>
    public const int BlockBytes = 1 << 20;

    /// <summary>The layouts the kernel (encode / reconstruct) benchmarks run.</summary>
    public static IReadOnlyList<ErasureShape> KernelShapes { get; } =
        [new(2, 2), new(4, 2), new(8, 4), new(12, 4), new(16, 4)];

    /// <summary>The layouts the streaming encoder benchmark runs.</summary>
    public static IReadOnlyList<ErasureShape> StreamingShapes { get; } = [new(2, 2), new(4, 2), new(8, 4)];

    /// <summary>The one layout the slow scalar kernel runs unless <c>--scalar-all</c> is given.</summary>
    public static ErasureShape ScalarShape { get; } = new(8, 4);

    public int TotalShards => DataShards + ParityShards;

    /// <summary>Bytes per shard: ceil(1 MiB / K).</summary>
    public int ShardLength => (BlockBytes + DataShards - 1) / DataShards;

    public int CompareTo(ErasureShape? other) =>
        other is null ? 1 : (DataShards, ParityShards).CompareTo((other.DataShards, other.ParityShards));

    public int CompareTo(object? obj) => CompareTo(obj as ErasureShape);

    public override string ToString() => $"{DataShards}+{ParityShards}";
}
