using Orleans.Placement;
using Orleans.Runtime;

namespace Buckets.Grains.Placement;

/// <summary>
/// Places a DiskStore grain on the silo whose endpoint its key names, and nowhere else: a disk is a directory on
/// one machine, and a grain elsewhere could not touch it.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class DiskPlacement : PlacementStrategy
{
    public static readonly DiskPlacement Instance = new();

    public override bool IsUsingGrainDirectory => true;
}
