using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// Shard chunks aligned to 4 KiB go to the device with O_DIRECT, leaving nothing in the page cache; other chunks
/// take the page cache; both kinds mix in one stream with the same append-only rules.
/// </summary>
public sealed class DirectShardWriteTests
{
    private const int Page = 4096;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DurabilityMode.FileSystemSync)]
    [InlineData(DurabilityMode.PerFileSync)]
    public async Task Aligned_chunks_bypass_the_page_cache_and_read_back(DurabilityMode mode)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"), mode);
        Assert.SkipUnless(disk.DirectShardWrites, "The filesystem of the temp directory refuses O_DIRECT.");
        var dataDir = Guid.NewGuid();

        // Larger than one staging buffer, so a chunk is written in several direct writes.
        var chunks = new[] { Disks.Bytes(2 * Page, 1), Disks.Bytes((1 << 20) + (3 * Page), 2), Disks.Bytes(Page, 3) };
        long offset = 0;
        for (var i = 0; i < chunks.Length; i++)
        {
            await disk.WriteShardAsync("bucket", "key", dataDir, offset, chunks[i], flush: i == chunks.Length - 1, Ct);
            offset += chunks[i].Length;
        }

        var file = Path.Combine(disk.Root, StoragePaths.ShardStreamFile("bucket", "key", dataDir));
        Assert.Equal(0, PageCache.ResidentPages(file));

        var whole = new byte[offset];
        Assert.Equal(whole.Length, await disk.ReadShardAsync("bucket", "key", dataDir, 0, whole, Ct));
        Assert.Equal(chunks.SelectMany(c => c).ToArray(), whole);
    }

    [Fact]
    public async Task Chunks_in_aligned_memory_are_written_without_a_staging_copy()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        Assert.SkipUnless(disk.DirectShardWrites, "The filesystem of the temp directory refuses O_DIRECT.");
        var dataDir = Guid.NewGuid();

        // One larger than a staging buffer: written from the caller's memory it needs no splitting either.
        int[] lengths = [2 * Page, (1 << 20) + (3 * Page), 129 * Page];
        var expected = new List<byte>();
        long offset = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            var buffer = AlignedBufferPool.Rent(lengths[i], Page);
            try
            {
                var bytes = Disks.Bytes(lengths[i], i + 10);
                bytes.CopyTo(buffer.AsSpan());
                expected.AddRange(bytes);
                await disk.WriteShardAsync("bucket", "key", dataDir, offset, buffer, flush: i == lengths.Length - 1, Ct);
                offset += lengths[i];
            }
            finally
            {
                AlignedBufferPool.Return(buffer.Array!);
            }
        }

        await AssertWrittenDirectAsync(disk, dataDir, lengths.Length, staged: 0, expected.ToArray());
    }

    [Fact]
    public async Task Chunks_in_unaligned_memory_go_through_a_staging_copy_and_read_back()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        Assert.SkipUnless(disk.DirectShardWrites, "The filesystem of the temp directory refuses O_DIRECT.");
        var dataDir = Guid.NewGuid();

        // Aligned offsets and lengths, memory one byte off an aligned address: as a block deserialized from another
        // silo arrives. The large one takes several staging buffers.
        int[] lengths = [Page, (2 << 20) + Page];
        var expected = new List<byte>();
        long offset = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            var buffer = AlignedBufferPool.Rent(lengths[i] + 1, Page);
            try
            {
                var bytes = Disks.Bytes(lengths[i], i + 20);
                var unaligned = buffer.AsMemory(1, lengths[i]);
                bytes.CopyTo(unaligned);
                expected.AddRange(bytes);
                await disk.WriteShardAsync("bucket", "key", dataDir, offset, unaligned, flush: i == lengths.Length - 1, Ct);
                offset += lengths[i];
            }
            finally
            {
                AlignedBufferPool.Return(buffer.Array!);
            }
        }

        await AssertWrittenDirectAsync(disk, dataDir, lengths.Length, staged: lengths.Length, expected.ToArray());
    }

    [Fact]
    public async Task Unaligned_chunks_take_the_page_cache_and_mix_with_aligned_ones()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var dataDir = Guid.NewGuid();
        var file = Path.Combine(disk.Root, StoragePaths.ShardStreamFile("bucket", "key", dataDir));
        var expected = new byte[(3 * Page) + 100];

        var first = Disks.Bytes(2 * Page, 1);
        await disk.WriteShardAsync("bucket", "key", dataDir, 0, first, flush: false, Ct);
        first.CopyTo(expected, 0);

        // A length that is not a multiple of 4 KiB: buffered, so the page it ends in is cached.
        var tail = Disks.Bytes(Page + 100, 2);
        await disk.WriteShardAsync("bucket", "key", dataDir, 2 * Page, tail, flush: false, Ct);
        tail.CopyTo(expected, 2 * Page);
        Assert.NotEqual(0, PageCache.ResidentPages(file));

        // A retried aligned chunk rewrites bytes already there, over pages the buffered write cached.
        var retried = Disks.Bytes(2 * Page, 3);
        await disk.WriteShardAsync("bucket", "key", dataDir, Page, retried, flush: true, Ct);
        retried.CopyTo(expected, Page);

        var whole = new byte[expected.Length];
        Assert.Equal(whole.Length, await disk.ReadShardAsync("bucket", "key", dataDir, 0, whole, Ct));
        Assert.Equal(expected, whole);
    }

    [Fact]
    public async Task An_aligned_write_that_would_leave_a_gap_is_refused()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var dataDir = Guid.NewGuid();
        await disk.WriteShardAsync("bucket", "key", dataDir, 0, new byte[Page], flush: false, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await disk.WriteShardAsync("bucket", "key", dataDir, 2 * Page, new byte[Page], flush: false, Ct));

        await disk.WriteShardAsync("bucket", "key", dataDir, Page, new byte[Page], flush: false, Ct);
        var buffer = new byte[3 * Page];
        Assert.Equal(2 * Page, await disk.ReadShardAsync("bucket", "key", dataDir, 0, buffer, Ct));
    }

    [Fact]
    public async Task With_direct_writes_off_aligned_chunks_take_the_page_cache()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"), directShardWrites: false);
        var dataDir = Guid.NewGuid();

        Assert.False(disk.DirectShardWrites);
        await disk.WriteShardAsync("bucket", "key", dataDir, 0, Disks.Bytes(4 * Page, 1), flush: false, Ct);

        var file = Path.Combine(disk.Root, StoragePaths.ShardStreamFile("bucket", "key", dataDir));
        Assert.Equal(4, PageCache.ResidentPages(file));
    }

    [Fact]
    public async Task A_disk_whose_filesystem_refuses_the_direct_probe_write_takes_the_page_cache()
    {
        using var temp = new TempDirectory();
        var options = new LocalDiskOptions
        {
            FaultInjection = point =>
            {
                if (point == FaultPoints.DirectIoProbeWrite)
                {
                    throw new IOException("Invalid argument");
                }
            },
        };
        using var disk = LocalDisk.Open(temp.Combine("disk0"), Disks.Format(), options: options);
        var dataDir = Guid.NewGuid();

        Assert.False(disk.DirectShardWrites);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(disk.Root, StoragePaths.TempDirectory)));
        var chunk = Disks.Bytes(4 * Page, 1);
        await disk.WriteShardAsync("bucket", "key", dataDir, 0, chunk, flush: true, Ct);

        var file = Path.Combine(disk.Root, StoragePaths.ShardStreamFile("bucket", "key", dataDir));
        Assert.Equal(4, PageCache.ResidentPages(file));
        var read = new byte[chunk.Length];
        Assert.Equal(chunk.Length, await disk.ReadShardAsync("bucket", "key", dataDir, 0, read, Ct));
        Assert.Equal(chunk, read);
    }

    [Fact]
    public void Opening_a_disk_leaves_no_probe_file_behind()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(disk.Root, StoragePaths.TempDirectory)));
    }

    /// <summary>Every write went direct (<paramref name="staged"/> of them through staging), left nothing in the page cache, and reads back.</summary>
    private static async Task AssertWrittenDirectAsync(LocalDisk disk, Guid dataDir, int writes, int staged, byte[] expected)
    {
        Assert.Equal(writes, disk.DirectWrites);
        Assert.Equal(staged, disk.StagedDirectWrites);
        var file = Path.Combine(disk.Root, StoragePaths.ShardStreamFile("bucket", "key", dataDir));
        Assert.Equal(0, PageCache.ResidentPages(file));
        var whole = new byte[expected.Length];
        Assert.Equal(whole.Length, await disk.ReadShardAsync("bucket", "key", dataDir, 0, whole, Ct));
        Assert.Equal(expected, whole);
    }
}
