using Buckets.Erasure.Kernels;

namespace Buckets.Erasure;

/// <summary>
/// How to rebuild one set of shards from one set of survivors: which K shards to read and the rows that
/// turn them into each wanted shard. Built once per loss pattern and cached, because inverting a K x K
/// matrix and expanding its tables costs far more than decoding a small block.
/// </summary>
internal sealed class DecodePlan(int[] survivors, int[] targets, CodingMatrix matrix)
{
    public int[] Survivors { get; } = survivors;

    public int[] Targets { get; } = targets;

    public CodingMatrix Matrix { get; } = matrix;
}
