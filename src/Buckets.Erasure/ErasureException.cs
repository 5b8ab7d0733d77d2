namespace Buckets.Erasure;

/// <summary>
/// Too few good shards to rebuild the data. Thrown instead of ever returning wrong bytes; names the block
/// and the shards that were missing or failed their checksum so an operator knows where to look.
/// </summary>
public sealed class ErasureException : Exception
{
    public ErasureException(string message, long blockIndex, IReadOnlyList<int> badShards)
        : base(message)
    {
        BlockIndex = blockIndex;
        BadShards = badShards;
    }

    public ErasureException()
        : this("Too few good shards to reconstruct the data.", -1, [])
    {
    }

    public ErasureException(string message)
        : this(message, -1, [])
    {
    }

    public ErasureException(string message, Exception innerException)
        : base(message, innerException)
    {
        BlockIndex = -1;
        BadShards = [];
    }

    /// <summary>The block of the shard streams, or -1 when the failure is not about a stream block.</summary>
    public long BlockIndex { get; }

    /// <summary>Indices of the shards that were missing or corrupt.</summary>
    public IReadOnlyList<int> BadShards { get; }
}
