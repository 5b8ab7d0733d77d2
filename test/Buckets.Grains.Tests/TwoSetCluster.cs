namespace Buckets.Grains.Tests;

/// <summary>
/// Three in-process silos serving two 2+2 erasure sets (<see cref="ClusterFixture"/>): set 0 on Silo_0, Silo_0,
/// Silo_1, Silo_2 and set 1 on Silo_1, Silo_1, Silo_2, Silo_0, so objects spread over both sets by the ring and a
/// listing has to merge them. Shared by the tests of <see cref="TwoSetCollection"/>.
/// </summary>
public sealed class TwoSetCluster() : ClusterFixture(setCount: 2);
