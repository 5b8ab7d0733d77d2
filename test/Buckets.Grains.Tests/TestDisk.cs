using Buckets.Abstractions;
using Buckets.Storage;

namespace Buckets.Grains.Tests;

/// <summary>One disk of the test cluster: its place in the topology, the silo that serves it and its directory.</summary>
public sealed class TestDisk(DiskInfo info, int set, int silo, LocalDisk disk, string removedPath)
{
    public DiskInfo Info { get; } = info;

    /// <summary>The erasure set the disk belongs to.</summary>
    public int Set { get; } = set;

    /// <summary>The disk's index in its set.</summary>
    public int Index => Info.Index;

    /// <summary>The instance number of the silo that serves the disk (Silo_0, Silo_1, ...).</summary>
    public int Silo { get; } = silo;

    public LocalDisk Disk { get; } = disk;

    public string Root => Disk.Root;

    /// <summary>Where the directory waits while it is removed: on the same filesystem, so both moves are one rename.</summary>
    internal string RemovedPath { get; } = removedPath;

    public bool IsRemoved => !Directory.Exists(Root) && Directory.Exists(RemovedPath);

    /// <summary>The object's directory on this disk (<c>objects/&lt;bucket&gt;/&lt;h&gt;/&lt;sha256(key)&gt;</c>).</summary>
    public string ObjectDirectory(string bucket, string key) => Path.Combine(Root, StoragePaths.ObjectDirectory(bucket, key));

    /// <summary>The data directories (one per streamed write that still has shards) of an object on this disk.</summary>
    public IReadOnlyList<string> DataDirectories(string bucket, string key)
    {
        var directory = ObjectDirectory(bucket, key);
        return Directory.Exists(directory)
            ? Directory.GetDirectories(directory).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    public override string ToString() => $"disk {Index} of set {Set} on Silo_{Silo} ({Root})";
}
