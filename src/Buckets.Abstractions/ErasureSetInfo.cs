namespace Buckets.Abstractions;

[GenerateSerializer, Immutable, Alias("buckets.ErasureSetInfo")]
public sealed record ErasureSetInfo(int Index, int DataShards, int ParityShards, int BlockSize, IReadOnlyList<DiskInfo> Disks)
{
    public int TotalShards => DataShards + ParityShards;

    /// <summary>K disks must hold a write; K+1 when K == M, so that two disjoint halves can never both win.</summary>
    public int WriteQuorum => DataShards == ParityShards ? DataShards + 1 : DataShards;

    /// <summary>The layout of objects written to this set from now on.</summary>
    public ObjectLayout Layout => new(DataShards, ParityShards, BlockSize, ObjectLayout.AlignedShardBlocks);
}
