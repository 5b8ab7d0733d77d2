using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// A replaced document's last name is given to the trash remover after the write that replaced it: small files are kept
/// for the next document to reuse, large ones disappear on its thread, and once it is disposed a caller removes its own.
/// Removed data directories go the same way, whole.
/// </summary>
public sealed class TrashRemoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keeps_small_files_for_reuse_removes_large_ones_and_directories_and_after_disposal_removes_them_at_once()
    {
        using var temp = new TempDirectory();
        var small = Enumerable.Range(0, 20).Select(i => temp.Combine($"small-{i}")).ToArray();
        var large = Enumerable.Range(0, 5).Select(i => temp.Combine($"large-{i}")).ToArray();
        foreach (var file in small)
        {
            await File.WriteAllBytesAsync(file, Disks.Bytes(100, 1), Ct);
        }

        foreach (var file in large)
        {
            await File.WriteAllBytesAsync(file, Disks.Bytes(20_000, 2), Ct);
        }

        var directory = temp.Combine("data-dir");
        Directory.CreateDirectory(Path.Combine(directory, "nested"));
        await File.WriteAllBytesAsync(Path.Combine(directory, "part.1"), Disks.Bytes(20_000, 3), Ct);
        await File.WriteAllBytesAsync(Path.Combine(directory, "nested", "part.2"), Disks.Bytes(100, 4), Ct);

        var trash = new TrashRemover("test trash");
        foreach (var file in small.Concat(large))
        {
            trash.Remove(file);
        }

        trash.RemoveDirectory(directory);

        // What is already gone is not an error.
        trash.Remove(temp.Combine("never-there"));
        trash.RemoveDirectory(temp.Combine("never-there-either"));
        for (var waited = 0; (large.Any(File.Exists) || Directory.Exists(directory)) && waited < 5000; waited += 20)
        {
            await Task.Delay(20, Ct);
        }

        Assert.DoesNotContain(large, File.Exists);
        Assert.False(Directory.Exists(directory));
        Assert.All(small, f => Assert.True(File.Exists(f)));
        Assert.Equal(small, trash.Recycled);

        // Each kept file goes to one taker, in the order they came.
        Assert.Equal(small[0], trash.TakeRecycled());
        Assert.Equal(small[1], trash.TakeRecycled());
        Assert.Equal(small.Skip(2), trash.Recycled);

        trash.Dispose();
        var late = temp.Combine("late");
        await File.WriteAllBytesAsync(late, Disks.Bytes(10, 2), Ct);
        trash.Remove(late);
        Assert.False(File.Exists(late));
        var lateDirectory = temp.Combine("late-dir");
        Directory.CreateDirectory(lateDirectory);
        await File.WriteAllBytesAsync(Path.Combine(lateDirectory, "part.1"), Disks.Bytes(10, 5), Ct);
        trash.RemoveDirectory(lateDirectory);
        Assert.False(Directory.Exists(lateDirectory));
    }

    [Fact]
    public async Task A_replaced_document_s_file_takes_a_later_document_trimmed_to_its_length()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        await disk.WriteObjectMetadataAsync("bucket", "a", Disks.Bytes(5000, 1), null, Ct);
        await disk.WriteObjectMetadataAsync("bucket", "a", Disks.Bytes(3000, 2), null, Ct);
        var kept = Assert.Single(disk.RecycledFiles);

        // The next document of any key is written into that file (no new inode), shorter than what it held.
        await disk.WriteObjectMetadataAsync("bucket", "b", Disks.Bytes(100, 3), null, Ct);
        Assert.False(File.Exists(kept));
        Assert.Empty(disk.RecycledFiles);
        Assert.Equal(Disks.Bytes(100, 3), await disk.ReadObjectMetadataAsync("bucket", "b", Ct));
        Assert.Equal(Disks.Bytes(3000, 2), await disk.ReadObjectMetadataAsync("bucket", "a", Ct));

        // A deleted object's document is kept the same way, once its removal is durable.
        await disk.DeleteObjectAsync("bucket", "b", [], Ct);
        Assert.Single(disk.RecycledFiles);
        Assert.Null(await disk.ReadObjectMetadataAsync("bucket", "b", Ct));
        await disk.WriteObjectMetadataAsync("bucket", "c", Disks.Bytes(7000, 4), null, Ct);
        Assert.Equal(Disks.Bytes(7000, 4), await disk.ReadObjectMetadataAsync("bucket", "c", Ct));
        Assert.Empty(disk.RecycledFiles);
        await Disks.AssertTempEmptiesAsync(disk);
    }

    [Fact]
    public async Task An_overwritten_document_keeps_its_old_name_in_tmp_only_until_the_trash_thread_unlinks_it()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        await disk.WriteObjectMetadataAsync("bucket", "key", Disks.Bytes(5000, 1), null, Ct);
        for (var i = 0; i < 10; i++)
        {
            await disk.WriteObjectMetadataAsync("bucket", "key", Disks.Bytes(5000, i + 2), null, Ct);
            Assert.Equal(Disks.Bytes(5000, i + 2), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
        }

        await Disks.AssertTempEmptiesAsync(disk);
        Assert.Equal(Disks.Bytes(5000, 11), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
    }
}
