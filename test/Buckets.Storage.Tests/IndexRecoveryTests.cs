using System.Text.Json;
using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// Crashes at every step of the index's life leave it agreeing with the metadata files: a journal record whose
/// rename never happened, a torn journal tail, a flush or a compaction cut short before its manifest.
/// "Crash" is <see cref="LocalDisk.Abandon"/>: files as a killed process leaves them, nothing flushed.
/// </summary>
public sealed class IndexRecoveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_crash_between_journal_append_and_rename_keeps_the_entry_of_the_document_on_disk()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        var failRename = false;
        var options = Disks.Indexed(faults: point =>
        {
            if (failRename && point == FaultPoints.BeforeMetadataRename)
            {
                throw new IOException("crash before rename");
            }
        });
        var indexer = new IndexDocuments();
        using (var disk = Disks.OpenIndexed(root, options with { Indexer = indexer }))
        {
            await IndexDocuments.Put(disk, "bucket", "kept", IndexDocuments.Listed("v1"), Ct);
            await IndexDocuments.Put(disk, "bucket", "listed-then-unlisted", IndexDocuments.Listed("v1"), Ct);

            failRename = true;
            await Assert.ThrowsAsync<IOException>(async () => await IndexDocuments.Put(disk, "bucket", "kept", IndexDocuments.Listed("v2"), Ct));
            await Assert.ThrowsAsync<IOException>(async () => await IndexDocuments.Put(disk, "bucket", "never-written", IndexDocuments.Listed("v1"), Ct));
            await Assert.ThrowsAsync<IOException>(async () => await IndexDocuments.Put(disk, "bucket", "listed-then-unlisted", null, Ct));

            // Without a crash too: a change is applied only once its rename is done.
            Assert.Equal(
                [new IndexItem("kept", false, IndexDocuments.Listed("v1")), new IndexItem("listed-then-unlisted", false, IndexDocuments.Listed("v1"))],
                (await disk.ListIndexAsync("bucket", new IndexQuery(), Ct)).Items);
            disk.Abandon();
        }

        using (var disk = Disks.OpenIndexed(root, options with { Indexer = indexer }))
        {
            Assert.Equal(
                [new IndexItem("kept", false, IndexDocuments.Listed("v1")), new IndexItem("listed-then-unlisted", false, IndexDocuments.Listed("v1"))],
                (await disk.ListIndexAsync("bucket", new IndexQuery(), Ct)).Items);
        }

        // Recovery compares journal records with the documents by hash: it never needed the indexer.
        Assert.Equal(0, indexer.Described);
    }

    [Fact]
    public async Task A_torn_journal_tail_is_ignored_and_the_records_before_it_are_kept()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        var failRename = false;
        var options = Disks.Indexed(memtableEntries: 1000, faults: point =>
        {
            if (failRename && point == FaultPoints.BeforeMetadataRename)
            {
                throw new IOException("crash before rename");
            }
        });
        using (var disk = Disks.OpenIndexed(root, options))
        {
            for (var i = 0; i < 20; i++)
            {
                await IndexDocuments.Put(disk, "bucket", $"key-{i:D2}", IndexDocuments.Listed($"v{i}"), Ct);
            }

            // The last record is of a write that never reached its rename: the only kind a crash can tear.
            failRename = true;
            await Assert.ThrowsAsync<IOException>(async () => await IndexDocuments.Put(disk, "bucket", "torn", IndexDocuments.Listed("torn"), Ct));
            disk.Abandon();
            failRename = false;
        }

        var journal = Directory.EnumerateFiles(Path.Combine(root, StoragePaths.BucketIndexDirectory("bucket")), "journal-*").Single();
        var bytes = await File.ReadAllBytesAsync(journal, Ct);
        await File.WriteAllBytesAsync(journal, [.. bytes.AsSpan(0, bytes.Length - 7), .. "garbage after a torn record"u8], Ct);

        using (var disk = Disks.OpenIndexed(root, options))
        {
            var page = await disk.ListIndexAsync("bucket", new IndexQuery(), Ct);
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"key-{i:D2}"), page.Items.Select(i => i.Name));
            Assert.Equal(IndexDocuments.Listed("v19"), page.Items[^1].Entry);

            // New records go to a new journal, never after the torn bytes.
            await IndexDocuments.Put(disk, "bucket", "next", IndexDocuments.Listed("n"), Ct);
            disk.Abandon();
        }

        using (var disk = Disks.OpenIndexed(root, options))
        {
            Assert.Equal(21, (await disk.ListIndexAsync("bucket", new IndexQuery(), Ct)).Items.Count);
        }
    }

    [Fact]
    public async Task A_crash_after_a_delete_of_a_listed_key_leaves_it_unlisted()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        using (var disk = Disks.OpenIndexed(root))
        {
            await IndexDocuments.Put(disk, "bucket", "a", IndexDocuments.Listed("a"), Ct);
            await IndexDocuments.Put(disk, "bucket", "b", IndexDocuments.Listed("b"), Ct);
        }

        using (var disk = Disks.OpenIndexed(root))
        {
            await disk.DeleteObjectAsync("bucket", "a", [], Ct);
            disk.Abandon();
        }

        using (var disk = Disks.OpenIndexed(root))
        {
            Assert.Equal(["b"], (await disk.ListIndexAsync("bucket", new IndexQuery(), Ct)).Items.Select(i => i.Name));
        }
    }

    [Theory]
    [InlineData(FaultPoints.FlushSegmentWritten)]
    [InlineData(FaultPoints.CompactionSegmentWritten)]
    public async Task A_crash_between_writing_a_segment_and_the_manifest_loses_nothing_and_leaves_no_garbage(string point)
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        var crashed = new TaskCompletionSource();
        var options = Disks.Indexed(memtableEntries: 8, faults: p =>
        {
            if (p == point)
            {
                crashed.TrySetResult();
                throw new IOException($"crash at {p}");
            }
        });
        var keys = Enumerable.Range(0, 60).Select(i => $"k{i:D3}").ToArray();
        var index = Path.Combine(root, StoragePaths.BucketIndexDirectory("bucket"));
        using (var disk = Disks.OpenIndexed(root, options))
        {
            foreach (var key in keys)
            {
                await IndexDocuments.Put(disk, "bucket", key, IndexDocuments.Listed(key), Ct);
            }

            await crashed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            disk.Abandon();
        }

        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(index, BucketIndex.ManifestFile), Ct));
        var live = manifest.RootElement.GetProperty("segments").EnumerateArray().Select(e => e.GetInt64()).ToHashSet();
        var orphans = Directory.EnumerateFiles(index, "segment-*").Select(Path.GetFileName).Where(name => !live.Contains(long.Parse(name!["segment-".Length..]))).ToArray();
        Assert.NotEmpty(orphans);

        using (var disk = Disks.OpenIndexed(root, options with { FaultInjection = null }))
        {
            var page = await disk.ListIndexAsync("bucket", new IndexQuery(), Ct);
            Assert.Equal(keys, page.Items.Select(i => i.Name));
            Assert.All(orphans, o => Assert.False(File.Exists(Path.Combine(index, o!))));
        }
    }

    [Fact]
    public async Task A_clean_close_flushes_the_memtable_and_a_crash_replays_the_journal()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        var index = Path.Combine(root, StoragePaths.BucketIndexDirectory("bucket"));
        var options = Disks.Indexed(memtableEntries: 1000);
        using (var disk = Disks.OpenIndexed(root, options))
        {
            await IndexDocuments.Put(disk, "bucket", "clean", IndexDocuments.Listed("c"), Ct);
        }

        Assert.Empty(Directory.EnumerateFiles(index, "journal-*"));
        Assert.Single(Directory.EnumerateFiles(index, "segment-*"));

        using (var disk = Disks.OpenIndexed(root, options))
        {
            await IndexDocuments.Put(disk, "bucket", "crashed", IndexDocuments.Hidden("h"), Ct);
            disk.Abandon();
        }

        Assert.NotEmpty(Directory.EnumerateFiles(index, "journal-*"));
        using (var disk = Disks.OpenIndexed(root, options))
        {
            Assert.Equal(
                [new IndexItem("clean", false, IndexDocuments.Listed("c")), new IndexItem("crashed", false, IndexDocuments.Hidden("h"))],
                (await disk.ListIndexAsync("bucket", new IndexQuery(IncludeHidden: true), Ct)).Items);
        }
    }
}
