namespace Buckets.Abstractions;

/// <summary>
/// One disk of an erasure set and the silo endpoint that serves it. The DiskStore grain key names both, so the
/// placement director can pin the grain to that silo without asking anyone.
/// </summary>
[GenerateSerializer, Immutable, Alias("buckets.DiskInfo")]
public sealed record DiskInfo(int Index, Guid DiskId, string Endpoint, string Path)
{
    public string GrainKey => DiskStoreKey.Format(DiskId, Endpoint);
}
