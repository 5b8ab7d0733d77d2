using System.Net;
using Buckets.Abstractions;
using Buckets.Grains.Disks;
using Buckets.Grains.Listing;
using Buckets.Grains.Topology;
using Buckets.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>
/// Three in-process silos serving <see cref="SetCount"/> 2+2 erasure sets. Disk <c>i</c> of set <c>s</c> is served by
/// silo <c>(BaseSilo[i] + s) % 3</c>: set 0 puts disks 0 and 1 on Silo_0, disk 2 on Silo_1 and disk 3 on Silo_2, each
/// further set is the same pattern turned by one silo, so every silo serves disks of every set. The disks are
/// formatted in a fresh temporary directory, registered with their silos before the silos start (as the server
/// does), and handed to the Topology grain once the cluster runs. Tests share a fixture: each uses its own bucket,
/// and a test that removes disks puts them back (<see cref="RemoveDisks(TestDisk[])"/>).
/// </summary>
public abstract class ClusterFixture(int setCount) : IAsyncLifetime
{
    public const int DataShards = 2;
    public const int ParityShards = 2;

    /// <summary>Small blocks, so that objects of many blocks stay cheap.</summary>
    public const int BlockSize = 64 * 1024;

    public const int SiloCount = 3;

    /// <summary>The silo serving each disk of set 0, by disk index; set <c>s</c> turns it by <c>s</c> silos.</summary>
    private static readonly int[] BaseSilo = [0, 0, 1, 2];

    private readonly string root = Path.Combine(Path.GetTempPath(), $"buckets-grains-tests-{Guid.NewGuid():N}");
    private readonly LocalDiskRegistry[] registries = Enumerable.Range(0, SiloCount).Select(_ => new LocalDiskRegistry()).ToArray();
    private InProcessTestCluster? cluster;
    private int bucketCounter;

    public int SetCount { get; } = setCount >= 1 ? setCount : throw new ArgumentOutOfRangeException(nameof(setCount), setCount, "A cluster needs an erasure set.");

    public InProcessTestCluster Cluster => cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IGrainFactory Grains => Cluster.Client;

    public Guid DeploymentId { get; } = Guid.NewGuid();

    /// <summary>Every disk, set by set, each set's by index in the set (with one set: <c>Disks[i]</c> is disk <c>i</c>).</summary>
    public IReadOnlyList<TestDisk> Disks { get; private set; } = [];

    /// <summary>What the fixture proposed to the Topology grain: every disk at the endpoint of the silo serving it.</summary>
    public TopologySnapshot Proposal { get; private set; } = null!;

    /// <summary>The topology the Topology grain answered at start.</summary>
    public TopologySnapshot Topology { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var placed = new List<(int Set, int Index, int Silo, LocalDisk Disk)>();
        for (var set = 0; set < SetCount; set++)
        {
            for (var i = 0; i < BaseSilo.Length; i++)
            {
                var silo = (BaseSilo[i] + set) % SiloCount;
                var expected = new DiskFormat(DiskFormat.CurrentVersion, DeploymentId, set, i, Guid.Empty, DataShards, ParityShards);
                var disk = LocalDisk.Open(Path.Combine(root, $"silo{silo}", DiskName(set, i)), expected, formatIfEmpty: true, ObjectIndexer.DiskOptions);
                registries[silo].Add(disk);
                placed.Add((set, i, silo, disk));
            }
        }

        Directory.CreateDirectory(Path.Combine(root, "removed"));
        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((options, silo) =>
        {
            // The disk keys name the advertised endpoint, so it must be loopback and the port this silo was given.
            silo.Configure<EndpointOptions>(endpoint =>
            {
                endpoint.AdvertisedIPAddress = IPAddress.Loopback;
                endpoint.SiloPort = options.SiloPort;
                endpoint.GatewayPort = options.GatewayPort;
            });
            silo.AddBucketsGrains(registries[SiloNumber(options.SiloName)]);
        });

        cluster = builder.Build();
        await cluster.DeployAsync();

        Disks = placed
            .Select(p => new TestDisk(
                new DiskInfo(p.Index, p.Disk.Format.DiskId, Endpoint(Silo(p.Silo)), p.Disk.Root),
                p.Set,
                p.Silo,
                p.Disk,
                Path.Combine(root, "removed", DiskName(p.Set, p.Index))))
            .ToArray();
        var sets = Enumerable.Range(0, SetCount)
            .Select(s => new ErasureSetInfo(s, DataShards, ParityShards, BlockSize, SetDisks(s).Select(d => d.Info).ToArray()))
            .ToArray();
        Proposal = new TopologySnapshot(DeploymentId, 1, sets);
        Topology = await Grains.GetGrain<ITopologyGrain>(0).Initialize(Proposal);

        // As the server's bootstrapper does: the silos know the topology before the first request.
        foreach (var silo in Cluster.Silos)
        {
            silo.ServiceProvider.GetRequiredService<TopologyCache>().Set(Topology);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        foreach (var registry in registries)
        {
            registry.Dispose();
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is not worth failing the run for.
        }
    }

    /// <summary>The disks of one erasure set, by index in the set.</summary>
    public IReadOnlyList<TestDisk> SetDisks(int set) => Disks.Where(d => d.Set == set).ToArray();

    /// <summary>The silo with this instance number (Silo_0, Silo_1, ...).</summary>
    public InProcessSiloHandle Silo(int number) => Cluster.Silos.Single(s => s.Name == $"Silo_{number}");

    /// <summary>How a grain on that silo names its host (<see cref="Grain.RuntimeIdentity"/>).</summary>
    public string SiloIdentity(int number) => Silo(number).ServiceProvider.GetRequiredService<IGrainRuntime>().SiloIdentity;

    /// <summary>A silo's advertised endpoint as disk keys name it: <c>{host}:{siloPort}</c>.</summary>
    public static string Endpoint(InProcessSiloHandle silo) => $"{silo.SiloAddress.Endpoint.Address}:{silo.SiloAddress.Endpoint.Port}";

    /// <summary>Lets a silo serve a disk of another one, as a disk moved to another machine would be.</summary>
    public void AlsoServe(int silo, TestDisk disk)
    {
        if (!registries[silo].TryGet(disk.Info.DiskId, out _))
        {
            registries[silo].Add(disk.Disk);
        }
    }

    /// <summary>Removes the directories of these disks (positions in <see cref="Disks"/>) until the returned outage is disposed.</summary>
    public DiskOutage RemoveDisks(params int[] indexes) => RemoveDisks(indexes.Select(i => Disks[i]).ToArray());

    /// <summary>Removes the directories of these disks until the returned outage is disposed.</summary>
    public DiskOutage RemoveDisks(params TestDisk[] disks) => new(disks);

    /// <summary>A fresh bucket name for one test.</summary>
    public string NewBucketName(string purpose) => $"{purpose}-{Interlocked.Increment(ref bucketCounter)}";

    /// <summary>A bucket made for one test.</summary>
    public async Task<string> NewBucketAsync(string purpose)
    {
        var name = NewBucketName(purpose);
        Assert.Equal(BucketCreateResult.Created, await Grains.GetGrain<IBucketGrain>(name).Create());
        return name;
    }

    /// <summary>Deactivates a grain and waits until it is gone, so the next call meets a fresh activation.</summary>
    public Task DeactivateAsync(IAddressable grain) => Cluster.DeactivateAsync(grain);

    private static string DiskName(int set, int index) => set == 0 ? $"disk{index}" : $"set{set}-disk{index}";

    private static int SiloNumber(string siloName) =>
        int.Parse(siloName.AsSpan(siloName.LastIndexOf('_') + 1), System.Globalization.CultureInfo.InvariantCulture);
}
