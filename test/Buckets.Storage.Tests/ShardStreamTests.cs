using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// A shard stream is written front to back in chunks and read back at any offset, short at its end and -1 when
/// it does not exist; a data directory is removed as a whole.
/// </summary>
public sealed class ShardStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DurabilityMode.FileSystemSync)]
    [InlineData(DurabilityMode.PerFileSync)]
    public async Task Appended_chunks_read_back_as_one_stream(DurabilityMode mode)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"), mode);
        var dataDir = Guid.NewGuid();
        var chunks = new[] { Disks.Bytes(1000, 1), Disks.Bytes(1 << 20, 2), Disks.Bytes(17, 3) };

        long offset = 0;
        for (var i = 0; i < chunks.Length; i++)
        {
            await disk.WriteShardAsync("bucket", "key", dataDir, offset, chunks[i], flush: i == chunks.Length - 1, Ct);
            offset += chunks[i].Length;
        }

        var whole = new byte[offset];
        Assert.Equal(whole.Length, await disk.ReadShardAsync("bucket", "key", dataDir, 0, whole, Ct));
        Assert.Equal(chunks.SelectMany(c => c).ToArray(), whole);
        Assert.True(File.Exists(Path.Combine(disk.Root, StoragePaths.ShardStreamFile("bucket", "key", dataDir))));
    }

    [Fact]
    public async Task A_range_in_the_middle_reads_exactly_those_bytes()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var dataDir = Guid.NewGuid();
        var data = Disks.Bytes(100_000, 7);
        await disk.WriteShardAsync("bucket", "key", dataDir, 0, data, flush: true, Ct);

        var range = new byte[12_345];
        Assert.Equal(range.Length, await disk.ReadShardAsync("bucket", "key", dataDir, 54_321, range, Ct));

        Assert.Equal(data.AsSpan(54_321, range.Length).ToArray(), range);
    }

    [Fact]
    public async Task Reads_are_short_at_the_end_of_the_stream_and_empty_past_it()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var dataDir = Guid.NewGuid();
        var data = Disks.Bytes(1000, 8);
        await disk.WriteShardAsync("bucket", "key", dataDir, 0, data, flush: false, Ct);

        var buffer = new byte[300];
        Assert.Equal(100, await disk.ReadShardAsync("bucket", "key", dataDir, 900, buffer, Ct));
        Assert.Equal(data.AsSpan(900).ToArray(), buffer.AsSpan(0, 100).ToArray());
        Assert.Equal(0, await disk.ReadShardAsync("bucket", "key", dataDir, 1000, buffer, Ct));
        Assert.Equal(0, await disk.ReadShardAsync("bucket", "key", dataDir, 5000, buffer, Ct));
    }

    [Fact]
    public async Task A_missing_stream_reads_as_minus_one()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var dataDir = Guid.NewGuid();
        var buffer = new byte[10];

        Assert.Equal(-1, await disk.ReadShardAsync("bucket", "no-such-key", dataDir, 0, buffer, Ct));

        await disk.WriteShardAsync("bucket", "key", dataDir, 0, new byte[5], flush: false, Ct);
        Assert.Equal(-1, await disk.ReadShardAsync("bucket", "key", Guid.NewGuid(), 0, buffer, Ct));
        Assert.Equal(-1, await disk.ReadShardAsync("other-bucket", "key", dataDir, 0, buffer, Ct));
    }

    [Fact]
    public async Task Writing_at_offset_zero_again_replaces_the_stream()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var dataDir = Guid.NewGuid();
        await disk.WriteShardAsync("bucket", "key", dataDir, 0, Disks.Bytes(5000, 1), flush: false, Ct);

        var replacement = Disks.Bytes(10, 2);
        await disk.WriteShardAsync("bucket", "key", dataDir, 0, replacement, flush: true, Ct);

        var buffer = new byte[5000];
        Assert.Equal(10, await disk.ReadShardAsync("bucket", "key", dataDir, 0, buffer, Ct));
        Assert.Equal(replacement, buffer.AsSpan(0, 10).ToArray());
    }

    [Fact]
    public async Task A_write_that_would_leave_a_gap_is_refused()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var dataDir = Guid.NewGuid();
        await disk.WriteShardAsync("bucket", "key", dataDir, 0, new byte[100], flush: false, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await disk.WriteShardAsync("bucket", "key", dataDir, 101, new byte[1], flush: false, Ct));

        // Rewriting the last chunk (a retried call) is allowed.
        await disk.WriteShardAsync("bucket", "key", dataDir, 50, new byte[50], flush: false, Ct);
    }

    [Fact]
    public async Task Continuing_a_stream_that_was_never_started_fails()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));

        await Assert.ThrowsAnyAsync<IOException>(async () =>
            await disk.WriteShardAsync("bucket", "key", Guid.NewGuid(), 100, new byte[1], flush: false, Ct));
    }

    [Theory]
    [InlineData(DurabilityMode.FileSystemSync)]
    [InlineData(DurabilityMode.PerFileSync)]
    public async Task Deleting_a_data_dir_removes_it_and_keeps_the_others(DurabilityMode mode)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"), mode);
        var (oldDir, newDir) = (Guid.NewGuid(), Guid.NewGuid());
        await disk.WriteShardAsync("bucket", "key", oldDir, 0, Disks.Bytes(100, 1), flush: true, Ct);
        await disk.WriteShardAsync("bucket", "key", newDir, 0, Disks.Bytes(100, 2), flush: true, Ct);
        await disk.WriteObjectMetadataAsync("bucket", "key", "v2"u8.ToArray(), null, Ct);

        await disk.DeleteDataDirAsync("bucket", "key", oldDir, Ct);
        await disk.DeleteDataDirAsync("bucket", "key", oldDir, Ct);

        var buffer = new byte[100];
        Assert.Equal(-1, await disk.ReadShardAsync("bucket", "key", oldDir, 0, buffer, Ct));
        Assert.Equal(100, await disk.ReadShardAsync("bucket", "key", newDir, 0, buffer, Ct));
        Assert.Equal(Disks.Bytes(100, 2), buffer);
        Assert.Equal("v2"u8.ToArray(), await disk.ReadObjectMetadataAsync("bucket", "key", Ct));
        await Disks.AssertTempEmptiesAsync(disk);
    }

    [Fact]
    public void The_empty_guid_is_not_a_data_dir()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));

        Assert.Throws<ArgumentException>(() => disk.WriteShardAsync("bucket", "key", Guid.Empty, 0, new byte[1], flush: false, Ct));
    }

    [Fact]
    public async Task A_shard_stream_lives_at_the_documented_path()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var dataDir = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");

        await disk.WriteShardAsync("photos", "a/b.jpg", dataDir, 0, new byte[3], flush: true, Ct);

        // sha256 of the UTF-8 key, checked against coreutils' sha256sum.
        const string hash = "4a51636246e7c418bb925ee98492950ae6308b33f67bcf9372ab2dc2bd097a45";
        Assert.Equal(hash, StoragePaths.KeyHash("a/b.jpg"));
        Assert.True(File.Exists(Path.Combine(disk.Root, "objects", "photos", "4a", hash, "00112233445566778899aabbccddeeff", "part.1")));
    }
}
