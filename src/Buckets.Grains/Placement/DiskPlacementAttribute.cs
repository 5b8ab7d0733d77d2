using Orleans.Placement;

namespace Buckets.Grains.Placement;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class DiskPlacementAttribute() : PlacementAttribute(DiskPlacement.Instance);
