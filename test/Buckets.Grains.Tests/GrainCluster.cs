namespace Buckets.Grains.Tests;

/// <summary>
/// Three in-process silos serving one 2+2 erasure set: Silo_0 serves disks 0 and 1, Silo_1 disk 2, Silo_2 disk 3
/// (<see cref="ClusterFixture"/>). Shared by the tests of <see cref="ClusterCollection"/>.
/// </summary>
public sealed class GrainCluster() : ClusterFixture(setCount: 1);
