using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>
/// Every test that needs the cluster runs in this one collection: xunit runs collections in parallel, and two
/// clusters on two cores would halve each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<GrainCluster>
{
    public const string Name = "Grain cluster";
}
