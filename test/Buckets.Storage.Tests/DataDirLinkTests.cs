using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// A data directory linked from another key's shares its files: each side then reads the same bytes, and deleting
/// either side (its data directory or its whole object) leaves the other whole. A missing source links nothing.
/// </summary>
public sealed class DataDirLinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DurabilityMode.FileSystemSync)]
    [InlineData(DurabilityMode.PerFileSync)]
    public async Task A_linked_data_dir_reads_back_after_its_source_object_is_deleted(DurabilityMode mode)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"), mode);
        var (source, copy) = (Guid.NewGuid(), Guid.NewGuid());
        var data = Disks.Bytes(200_000, 1);
        await disk.WriteShardAsync("bucket", "source", source, 0, data, flush: true, Ct);

        Assert.True(await disk.LinkDataDirAsync("bucket", "source", source, "bucket", "copy/ü", copy, Ct));
        await disk.DeleteObjectAsync("bucket", "source", [source], Ct);

        Assert.False(Directory.Exists(Path.Combine(disk.Root, StoragePaths.ObjectDirectory("bucket", "source"))));
        var read = new byte[data.Length];
        Assert.Equal(data.Length, await disk.ReadShardAsync("bucket", "copy/ü", copy, 0, read, Ct));
        Assert.Equal(data, read);
    }

    [Fact]
    public async Task Deleting_the_linked_data_dir_leaves_the_source_whole()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var (source, copy) = (Guid.NewGuid(), Guid.NewGuid());
        var data = Disks.Bytes(50_000, 2);
        await disk.WriteShardAsync("bucket", "key", source, 0, data, flush: true, Ct);
        Assert.True(await disk.LinkDataDirAsync("bucket", "key", source, "bucket", "key", copy, Ct));

        await disk.DeleteDataDirAsync("bucket", "key", copy, Ct);

        var read = new byte[data.Length];
        Assert.Equal(data.Length, await disk.ReadShardAsync("bucket", "key", source, 0, read, Ct));
        Assert.Equal(data, read);
        Assert.Equal(-1, await disk.ReadShardAsync("bucket", "key", copy, 0, read, Ct));
    }

    [Fact]
    public async Task A_missing_source_links_nothing_and_leaves_no_directory()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var copy = Guid.NewGuid();

        Assert.False(await disk.LinkDataDirAsync("bucket", "gone", Guid.NewGuid(), "bucket", "copy", copy, Ct));

        Assert.False(Directory.Exists(Path.Combine(disk.Root, StoragePaths.DataDirectory("bucket", "copy", copy))));
    }
}
