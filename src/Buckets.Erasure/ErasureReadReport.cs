namespace Buckets.Erasure;

/// <summary>
/// What a decode met on its way: how much it had to rebuild, and which shards were missing or failed their
/// checksum, so the caller can heal them.
/// </summary>
public sealed record ErasureReadReport(
    long BlocksRead,
    long BlocksReconstructed,
    IReadOnlyList<int> CorruptShards,
    IReadOnlyList<int> MissingShards);
