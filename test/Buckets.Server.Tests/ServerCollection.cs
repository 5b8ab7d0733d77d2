using Xunit;

namespace Buckets.Server.Tests;

/// <summary>
/// Every test runs against one server process, one test at a time: on two cores a second server (or a second
/// heavy test) would halve the first.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<BucketsServer>
{
    public const string Name = "buckets server";
}
