using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// A replaced document's last name goes on the trash thread, after the write that replaced it: the files it is given
/// disappear, and once it is disposed a caller removes its own.
/// </summary>
public sealed class TrashRemoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Removes_the_files_it_is_given_and_after_disposal_removes_them_at_once()
    {
        using var temp = new TempDirectory();
        var files = Enumerable.Range(0, 20).Select(i => temp.Combine($"old-{i}")).ToArray();
        foreach (var file in files)
        {
            await File.WriteAllBytesAsync(file, Disks.Bytes(100, 1), Ct);
        }

        var trash = new TrashRemover("test trash");
        foreach (var file in files)
        {
            trash.Remove(file);
        }

        // A file already gone is not an error.
        trash.Remove(temp.Combine("never-there"));
        for (var waited = 0; files.Any(File.Exists) && waited < 5000; waited += 20)
        {
            await Task.Delay(20, Ct);
        }

        Assert.DoesNotContain(files, File.Exists);

        trash.Dispose();
        var late = temp.Combine("late");
        await File.WriteAllBytesAsync(late, Disks.Bytes(10, 2), Ct);
        trash.Remove(late);
        Assert.False(File.Exists(late));
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
