namespace Buckets.Storage;

/// <summary>
/// The identity of one disk directory, stored in its <c>format.json</c>: which deployment, erasure set and
/// position in that set it belongs to, and the erasure code the set was created with. A server refuses a disk
/// whose identity is not the one it expects, so a mis-mounted or swapped disk can never receive writes.
/// </summary>
/// <param name="Version">Format version; <see cref="CurrentVersion"/> is written, never a newer one read.</param>
/// <param name="DeploymentId">The cluster; <see cref="Guid.Empty"/> in an expectation means "adopt the disk's".</param>
/// <param name="SetIndex">The erasure set this disk belongs to.</param>
/// <param name="DiskIndex">Position in the set: the shard index this disk stores.</param>
/// <param name="DiskId">Unique per disk; <see cref="Guid.Empty"/> when formatting means "make a new one".</param>
/// <param name="DataShards">K of the set's K+M code.</param>
/// <param name="ParityShards">M of the set's K+M code.</param>
public sealed record DiskFormat(
    int Version,
    Guid DeploymentId,
    int SetIndex,
    int DiskIndex,
    Guid DiskId,
    int DataShards,
    int ParityShards)
{
    public const int CurrentVersion = 1;

    internal void Validate(string paramName)
    {
        if (SetIndex < 0 || DataShards < 1 || ParityShards < 0 || DiskIndex < 0 || DiskIndex >= DataShards + ParityShards)
        {
            throw new ArgumentException(
                $"Invalid disk format: set {SetIndex}, disk {DiskIndex}, {DataShards}+{ParityShards} erasure coding.", paramName);
        }
    }
}
