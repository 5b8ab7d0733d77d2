using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>
/// The tests that need two erasure sets. Not run in parallel with other collections: it starts its own three silos,
/// and two clusters on two cores would halve each other (see <see cref="ClusterCollection"/>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TwoSetCollection : ICollectionFixture<TwoSetCluster>
{
    public const string Name = "Two-set grain cluster";
}
