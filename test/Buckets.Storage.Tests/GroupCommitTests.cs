using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// Concurrent writers on one filesystem share their syncs, and sharing loses nothing: every acknowledged write
/// reads back exactly as written.
/// </summary>
public sealed class GroupCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DurabilityMode.FileSystemSync)]
    [InlineData(DurabilityMode.PerFileSync)]
    public async Task Two_hundred_parallel_metadata_writes_all_land_intact(DurabilityMode mode)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"), mode);
        const int writes = 200;

        await Task.WhenAll(Enumerable.Range(0, writes).Select(i =>
            disk.WriteObjectMetadataAsync("bucket", $"object-{i}", Disks.Bytes(100 + i, i), null, Ct).AsTask()));

        for (var i = 0; i < writes; i++)
        {
            Assert.Equal(Disks.Bytes(100 + i, i), await disk.ReadObjectMetadataAsync("bucket", $"object-{i}", Ct));
        }

        await Disks.AssertTempEmptiesAsync(disk);
    }

    [Fact]
    public async Task Parallel_writers_share_syncs()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var barrier = disk.Barrier!;
        var (syncsBefore, requestsBefore) = (barrier.Syncs, barrier.Requests);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            disk.WriteObjectMetadataAsync("bucket", $"object-{i}", new byte[100], null, Ct).AsTask()));

        var syncs = barrier.Syncs - syncsBefore;
        var requests = barrier.Requests - requestsBefore;
        TestContext.Current.TestOutputHelper?.WriteLine($"{requests} sync requests served by {syncs} syncfs calls");
        Assert.True(requests >= 400, $"{requests} requests");
        Assert.True(syncs * 2 < requests, $"{requests} sync requests took {syncs} syncfs calls: no batching");
    }

    [Fact]
    public async Task Disks_on_one_filesystem_share_one_sync_thread()
    {
        using var temp = new TempDirectory();
        using var disk0 = Disks.Open(temp.Combine("disk0"), disk: 0);
        using var disk1 = Disks.Open(temp.Combine("disk1"), disk: 1);

        Assert.Same(disk0.Barrier, disk1.Barrier);

        await Task.WhenAll(
            disk0.WriteObjectMetadataAsync("bucket", "key", "0"u8.ToArray(), null, Ct).AsTask(),
            disk1.WriteObjectMetadataAsync("bucket", "key", "1"u8.ToArray(), null, Ct).AsTask());
        Assert.Equal("0"u8.ToArray(), await disk0.ReadObjectMetadataAsync("bucket", "key", Ct));
        Assert.Equal("1"u8.ToArray(), await disk1.ReadObjectMetadataAsync("bucket", "key", Ct));
    }

    [Fact]
    public async Task A_disk_keeps_working_after_another_disk_on_its_filesystem_is_closed()
    {
        using var temp = new TempDirectory();
        using var disk0 = Disks.Open(temp.Combine("disk0"), disk: 0);
        using (Disks.Open(temp.Combine("disk1"), disk: 1))
        {
        }

        await disk0.WriteObjectMetadataAsync("bucket", "key", "still"u8.ToArray(), null, Ct);

        Assert.Equal("still"u8.ToArray(), await disk0.ReadObjectMetadataAsync("bucket", "key", Ct));
    }

    [Fact]
    public async Task Parallel_writes_of_one_key_leave_one_of_the_written_documents()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var documents = Enumerable.Range(0, 50).Select(i => Disks.Bytes(200, i)).ToArray();

        await Task.WhenAll(documents.Select(d => disk.WriteObjectMetadataAsync("bucket", "hot-key", d, null, Ct).AsTask()));

        var final = await disk.ReadObjectMetadataAsync("bucket", "hot-key", Ct);
        Assert.Contains(documents, d => d.AsSpan().SequenceEqual(final));
        await Disks.AssertTempEmptiesAsync(disk);
    }

    [Fact]
    public async Task Writes_racing_deletes_in_one_fan_out_directory_all_land()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var (writer, deleted) = ObjectMetadataTests.TwoKeysSharingAFanOutDirectory();

        // Each round the delete may empty and remove the fan-out directory just as the write creates its object
        // directory inside it; the write must still succeed and be readable.
        for (var round = 0; round < 40; round++)
        {
            await disk.WriteObjectMetadataAsync("bucket", deleted, new byte[1], null, Ct);
            await disk.DeleteObjectAsync("bucket", writer, [], Ct);
            var document = BitConverter.GetBytes(round);
            await Task.WhenAll(
                disk.WriteObjectMetadataAsync("bucket", writer, document, null, Ct).AsTask(),
                disk.DeleteObjectAsync("bucket", deleted, [], Ct).AsTask());
            Assert.Equal(document, await disk.ReadObjectMetadataAsync("bucket", writer, Ct));
        }
    }
}
