using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// An object's metadata document is replaced atomically: a reader sees the old or the new document, a write that
/// never reached its rename is invisible and swept at the next open, and deleting an object removes all of it.
/// </summary>
public sealed class ObjectMetadataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DurabilityMode.FileSystemSync)]
    [InlineData(DurabilityMode.PerFileSync)]
    public async Task Metadata_reads_back_as_written_and_overwrites_replace_it(DurabilityMode mode)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"), mode);

        Assert.Null(await disk.ReadObjectMetadataAsync("bucket", "key", Ct));

        await disk.WriteObjectMetadataAsync("bucket", "key", Disks.Bytes(700, 1), null, Ct);
        Assert.Equal(Disks.Bytes(700, 1), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));

        await disk.WriteObjectMetadataAsync("bucket", "key", Disks.Bytes(20, 2), null, Ct);
        Assert.Equal(Disks.Bytes(20, 2), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));

        await disk.WriteObjectMetadataAsync("bucket", "key", ReadOnlyMemory<byte>.Empty, null, Ct);
        Assert.Equal(Array.Empty<byte>(), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));

        await Disks.AssertTempEmptiesAsync(disk);
    }

    [Theory]
    [InlineData(DurabilityMode.FileSystemSync)]
    [InlineData(DurabilityMode.PerFileSync)]
    public async Task Replacing_metadata_answers_the_document_it_found_and_writes_only_what_the_check_accepts(DurabilityMode mode)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"), mode);
        var seen = new List<byte[]?>();
        bool Accept(byte[]? found)
        {
            seen.Add(found);
            return found is null || found.Length != 30;
        }

        Assert.Equal(new MetadataReplacement(true, null), await disk.ReplaceObjectMetadataAsync("bucket", "key", Disks.Bytes(700, 1), null, Accept, Ct));
        var second = await disk.ReplaceObjectMetadataAsync("bucket", "key", Disks.Bytes(30, 2), null, Accept, Ct);
        Assert.True(second.Written);
        Assert.Equal(Disks.Bytes(700, 1), second.Previous);
        Assert.Equal(Disks.Bytes(30, 2), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));

        // Refused: nothing written, the document found is still answered.
        var refused = await disk.ReplaceObjectMetadataAsync("bucket", "key", Disks.Bytes(40, 3), null, Accept, Ct);
        Assert.False(refused.Written);
        Assert.Equal(Disks.Bytes(30, 2), refused.Previous);
        Assert.Equal(Disks.Bytes(30, 2), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));

        await disk.DeleteObjectAsync("bucket", "key", [], Ct);
        Assert.Equal(new MetadataReplacement(true, null), await disk.ReplaceObjectMetadataAsync("bucket", "key", Disks.Bytes(5, 4), null, Accept, Ct));
        Assert.Equal(Disks.Bytes(5, 4), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
        Assert.Equal([null, Disks.Bytes(700, 1), Disks.Bytes(30, 2), null], seen);
        await Disks.AssertTempEmptiesAsync(disk);
    }

    [Fact]
    public async Task Replacing_metadata_on_a_disk_whose_directory_vanished_fails_rather_than_answering_no_document()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        Directory.Move(disk.Root, temp.Combine("gone"));

        await Assert.ThrowsAnyAsync<IOException>(async () => await disk.ReplaceObjectMetadataAsync("bucket", "key", Disks.Bytes(5, 1), null, _ => true, Ct));
    }

    [Fact]
    public async Task Metadata_of_one_key_is_not_visible_under_another_key_or_bucket()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));

        await disk.WriteObjectMetadataAsync("bucket", "key", "x"u8.ToArray(), null, Ct);

        Assert.Null(await disk.ReadObjectMetadataAsync("bucket", "Key", Ct));
        Assert.Null(await disk.ReadObjectMetadataAsync("bucket2", "key", Ct));
    }

    [Theory]
    [InlineData(DurabilityMode.FileSystemSync)]
    [InlineData(DurabilityMode.PerFileSync)]
    public async Task Deleting_an_object_removes_its_metadata_the_named_data_dirs_and_its_empty_directories(DurabilityMode mode)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"), mode);
        var dataDirs = new[] { Guid.NewGuid(), Guid.NewGuid() };
        foreach (var dataDir in dataDirs)
        {
            await disk.WriteShardAsync("bucket", "key", dataDir, 0, new byte[10], flush: true, Ct);
        }

        await disk.WriteObjectMetadataAsync("bucket", "key", "meta"u8.ToArray(), null, Ct);

        await disk.DeleteObjectAsync("bucket", "key", dataDirs, Ct);

        Assert.Null(await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
        Assert.Equal(-1, await disk.ReadShardAsync("bucket", "key", dataDirs[0], 0, new byte[10], Ct));
        Assert.Equal(-1, await disk.ReadShardAsync("bucket", "key", dataDirs[1], 0, new byte[10], Ct));
        Assert.False(Directory.Exists(Path.Combine(disk.Root, StoragePaths.FanOutDirectory("bucket", "key"))));
        Assert.True(Directory.Exists(Path.Combine(disk.Root, StoragePaths.BucketObjectsDirectory("bucket"))));
        await Disks.AssertTempEmptiesAsync(disk);

        // Deleting again, or something never written, is not an error.
        await disk.DeleteObjectAsync("bucket", "key", [], Ct);
        await disk.DeleteObjectAsync("never-created", "key", [], Ct);
    }

    [Theory]
    [InlineData(DurabilityMode.FileSystemSync)]
    [InlineData(DurabilityMode.PerFileSync)]
    public async Task Deleting_an_object_keeps_the_data_dirs_it_does_not_name_until_they_go_themselves(DurabilityMode mode)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"), mode);
        var (version, part) = (Guid.NewGuid(), Guid.NewGuid());
        var partBytes = Disks.Bytes(5_000, 3);
        await disk.WriteShardAsync("bucket", "key", version, 0, new byte[10], flush: true, Ct);
        await disk.WriteShardAsync("bucket", "key", part, 0, partBytes, flush: true, Ct);
        await disk.WriteObjectMetadataAsync("bucket", "key", "meta"u8.ToArray(), null, Ct);

        await disk.DeleteObjectAsync("bucket", "key", [version], Ct);

        // The data dir not named (an open upload's part) reads back whole; the key has no object.
        Assert.Null(await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
        Assert.Equal(-1, await disk.ReadShardAsync("bucket", "key", version, 0, new byte[10], Ct));
        var read = new byte[partBytes.Length];
        Assert.Equal(partBytes.Length, await disk.ReadShardAsync("bucket", "key", part, 0, read, Ct));
        Assert.Equal(partBytes, read);
        Assert.False(await disk.BucketHasObjectsAsync("bucket", Ct));

        // A new object of the key is written beside it, and deleting that one keeps the part again.
        await disk.WriteObjectMetadataAsync("bucket", "key", "meta2"u8.ToArray(), null, Ct);
        Assert.Equal("meta2"u8.ToArray(), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
        await disk.DeleteObjectAsync("bucket", "key", [], Ct);
        Assert.Equal(partBytes.Length, await disk.ReadShardAsync("bucket", "key", part, 0, read, Ct));

        // The last data dir to go takes the emptied object and fan-out directories with it.
        await disk.DeleteDataDirAsync("bucket", "key", part, Ct);
        Assert.Equal(-1, await disk.ReadShardAsync("bucket", "key", part, 0, read, Ct));
        Assert.False(Directory.Exists(Path.Combine(disk.Root, StoragePaths.FanOutDirectory("bucket", "key"))));
        Assert.True(Directory.Exists(Path.Combine(disk.Root, StoragePaths.BucketObjectsDirectory("bucket"))));
        await Disks.AssertTempEmptiesAsync(disk);
    }

    [Fact]
    public async Task A_data_dir_deleted_beside_a_live_object_leaves_the_object_and_its_directory()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var (kept, dropped) = (Guid.NewGuid(), Guid.NewGuid());
        await disk.WriteShardAsync("bucket", "key", kept, 0, new byte[10], flush: true, Ct);
        await disk.WriteShardAsync("bucket", "key", dropped, 0, new byte[10], flush: true, Ct);
        await disk.WriteObjectMetadataAsync("bucket", "key", "meta"u8.ToArray(), null, Ct);

        await disk.DeleteDataDirAsync("bucket", "key", dropped, Ct);
        await disk.DeleteDataDirAsync("bucket", "key", Guid.NewGuid(), Ct);

        Assert.Equal("meta"u8.ToArray(), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
        Assert.Equal(10, await disk.ReadShardAsync("bucket", "key", kept, 0, new byte[10], Ct));
        Assert.Equal(-1, await disk.ReadShardAsync("bucket", "key", dropped, 0, new byte[10], Ct));
        await Disks.AssertTempEmptiesAsync(disk);
    }

    [Fact]
    public async Task Deleting_an_object_keeps_its_neighbours_in_the_same_fan_out_directory()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var (first, second) = TwoKeysSharingAFanOutDirectory();
        await disk.WriteObjectMetadataAsync("bucket", first, "1"u8.ToArray(), null, Ct);
        await disk.WriteObjectMetadataAsync("bucket", second, "2"u8.ToArray(), null, Ct);

        await disk.DeleteObjectAsync("bucket", first, [], Ct);

        Assert.Null(await disk.ReadObjectMetadataAsync("bucket", first, Ct));
        Assert.Equal("2"u8.ToArray(), await disk.ReadObjectMetadataAsync("bucket", second, Ct));
    }

    [Fact]
    public async Task A_write_whose_temp_file_was_never_renamed_is_invisible_and_swept_at_the_next_open()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        using (var disk = Disks.Open(root))
        {
            await disk.WriteObjectMetadataAsync("bucket", "key", "committed"u8.ToArray(), null, Ct);
        }

        // What a crash between "temp file written" and "rename" leaves: the new version in tmp, and a delete's
        // trash directory that was renamed away but not yet emptied.
        var tmp = Path.Combine(root, StoragePaths.TempDirectory);
        await File.WriteAllBytesAsync(Path.Combine(tmp, Guid.NewGuid().ToString("N")), "torn new vers"u8.ToArray(), Ct);
        var trash = Directory.CreateDirectory(Path.Combine(tmp, Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N")));
        await File.WriteAllBytesAsync(Path.Combine(trash.FullName, "part.1"), new byte[100], Ct);

        using (var disk = Disks.Open(root))
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
            Assert.Equal("committed"u8.ToArray(), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
        }
    }

    [Fact]
    public async Task A_disposed_disk_refuses_work()
    {
        using var temp = new TempDirectory();
        var disk = Disks.Open(temp.Combine("disk0"));
        disk.Dispose();
        disk.Dispose();

        Assert.Throws<ObjectDisposedException>(() => disk.WriteObjectMetadataAsync("bucket", "key", new byte[1], null, Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await disk.ListBucketsAsync(Ct));
    }

    [Fact]
    public async Task A_cancelled_token_stops_a_write_before_it_starts()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await disk.WriteObjectMetadataAsync("bucket", "key", new byte[1], null, new CancellationToken(canceled: true)));

        Assert.Null(await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
    }

    internal static (string First, string Second) TwoKeysSharingAFanOutDirectory()
    {
        var seen = new Dictionary<string, string>();
        for (var i = 0; ; i++)
        {
            var key = $"key-{i}";
            var prefix = StoragePaths.KeyHash(key)[..2];
            if (seen.TryGetValue(prefix, out var other))
            {
                return (other, key);
            }

            seen[prefix] = key;
        }
    }
}
