using Xunit;

namespace Buckets.Storage.Tests;

internal static class Disks
{
    public static readonly Guid Deployment = Guid.Parse("6d1f0c2e-3f7a-4b8e-9c55-0a1b2c3d4e5f");

    public static DiskFormat Format(int set = 0, int disk = 0, Guid? deployment = null, int dataShards = 2, int parityShards = 2) =>
        new(DiskFormat.CurrentVersion, deployment ?? Deployment, set, disk, Guid.Empty, dataShards, parityShards);

    public static LocalDisk Open(string root, DurabilityMode mode = DurabilityMode.FileSystemSync, int disk = 0, bool directShardWrites = true) =>
        LocalDisk.Open(root, Format(disk: disk), options: new LocalDiskOptions { Durability = mode, DirectShardWrites = directShardWrites });

    /// <summary>A disk whose bucket indexes flush and compact often: small memtables and blocks.</summary>
    public static LocalDisk OpenIndexed(string root, LocalDiskOptions? options = null) =>
        LocalDisk.Open(root, Format(), options: options ?? Indexed());

    public static LocalDiskOptions Indexed(int memtableEntries = 32, int blockBytes = 256, IObjectIndexer? indexer = null, Action<string>? faults = null) => new()
    {
        Indexer = indexer ?? IndexDocuments.Indexer,
        IndexMemtableEntries = memtableEntries,
        IndexBlockBytes = blockBytes,
        FaultInjection = faults,
    };

    /// <summary>Every file and directory under <paramref name="directory"/>, as full paths.</summary>
    public static IReadOnlyList<string> Tree(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).ToList();

    /// <summary>
    /// Waits until tmp holds nothing but the replaced documents kept for reuse, which must be whole files: the old names
    /// of replaced documents and removed data directories leave it on a thread of their own shortly after the call
    /// that removed them returned (TrashRemover).
    /// </summary>
    public static async Task AssertTempEmptiesAsync(LocalDisk disk)
    {
        var temp = Path.Combine(disk.Root, StoragePaths.TempDirectory);
        string[] Leftovers() => Directory.EnumerateFileSystemEntries(temp).Except(disk.RecycledFiles).ToArray();
        for (var waited = 0; Leftovers().Length > 0 && waited < 5000; waited += 20)
        {
            await Task.Delay(20);
        }

        Assert.Empty(Leftovers());
        Assert.All(disk.RecycledFiles, f => Assert.True(File.Exists(f), f));
    }

    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
