using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// An index that is missing (a disk written before indexes existed, a lost directory) or damaged is rebuilt from the
/// metadata files through the configured <see cref="IObjectIndexer"/>, while writes go on; without one it says so.
/// Deleting a bucket deletes its index.
/// </summary>
public sealed class IndexRebuildTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lost_index_is_rebuilt_from_the_metadata_files()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        var model = new SortedDictionary<string, IndexEntry>(Utf8Order.Instance);
        using (var disk = Disks.OpenIndexed(root))
        {
            for (var i = 0; i < 150; i++)
            {
                var key = $"dir{i % 7}/é{i}😀";
                IndexEntry? entry = (i % 5) switch { 0 => null, 1 => IndexDocuments.Hidden($"h{i}"), _ => IndexDocuments.Listed($"v{i}") };
                await IndexDocuments.Put(disk, "bucket", key, entry, Ct);
                if (entry is { } e)
                {
                    model[key] = e;
                }
            }
        }

        Directory.Delete(Path.Combine(root, StoragePaths.IndexDirectory), recursive: true);
        var indexer = new IndexDocuments();
        using (var disk = Disks.OpenIndexed(root, Disks.Indexed(indexer: indexer)))
        {
            var all = await ReferenceListing.WalkAsync(q => disk.ListIndexAsync("bucket", q, Ct), new IndexQuery(Limit: 40, IncludeHidden: true));
            Assert.Equal(model.Select(p => new IndexItem(p.Key, false, p.Value)), all);
            Assert.Equal(150, indexer.Described);
            Assert.Equal(ReferenceListing.List(model, new IndexQuery(Delimiter: "/")).Items, (await disk.ListIndexAsync("bucket", new IndexQuery(Delimiter: "/"), Ct)).Items);
        }

        // Rebuilt once: the next open loads it.
        using (var disk = Disks.OpenIndexed(root, Disks.Indexed(indexer: indexer)))
        {
            Assert.Equal(model.Count, (await disk.ListIndexAsync("bucket", new IndexQuery(IncludeHidden: true), Ct)).Items.Count);
            Assert.Equal(150, indexer.Described);
        }
    }

    [Fact]
    public async Task A_disk_written_before_indexes_existed_is_indexed_while_writes_go_on()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        var model = new SortedDictionary<string, IndexEntry>(Utf8Order.Instance);
        using (var disk = LocalDisk.Open(root, Disks.Format(), options: new LocalDiskOptions { MaintainIndex = false }))
        {
            for (var i = 0; i < 300; i++)
            {
                var entry = IndexDocuments.Listed($"old{i}");
                await IndexDocuments.Put(disk, "bucket", $"old/{i:D3}", entry, Ct);
                model[$"old/{i:D3}"] = entry;
            }
        }

        Assert.False(Directory.Exists(Path.Combine(root, StoragePaths.IndexDirectory)));
        // The rebuild is held halfway through the old documents until every write below is done, so they overlap it
        // however fast or slow the machine is.
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var options = Disks.Indexed(memtableEntries: 40, faults: point =>
        {
            if (point == FaultPoints.RebuildNextDocument && Interlocked.Increment(ref started) == 150)
            {
                Assert.True(written.Task.Wait(TimeSpan.FromSeconds(30)), "Timed out waiting for the writes.");
            }
        });

        using (var disk = Disks.OpenIndexed(root, options))
        {
            // The first write starts the rebuild; these writes, all at once, land while it reads the old documents.
            var changes = Enumerable.Range(0, 100).Select(i => (i % 4) switch
            {
                0 => ($"old/{i:D3}", (IndexEntry?)null, Delete: true),
                1 => ($"old/{i:D3}", IndexDocuments.Hidden($"marker{i}"), Delete: false),
                _ => ($"new/{i:D3}", IndexDocuments.Listed($"new{i}"), Delete: false),
            }).ToArray();
            await Task.WhenAll(changes.Select(async c =>
            {
                if (c.Delete)
                {
                    await disk.DeleteObjectAsync("bucket", c.Item1, [], Ct);
                }
                else
                {
                    await IndexDocuments.Put(disk, "bucket", c.Item1, c.Item2, Ct);
                }
            }));

            foreach (var (key, entry, delete) in changes)
            {
                if (delete)
                {
                    model.Remove(key);
                }
                else
                {
                    model[key] = entry!.Value;
                }
            }

            Assert.InRange(Volatile.Read(ref started), 1, 150);
            written.SetResult();
            var all = await ReferenceListing.WalkAsync(q => disk.ListIndexAsync("bucket", q, Ct), new IndexQuery(Limit: 64, IncludeHidden: true));
            Assert.Equal(model.Select(p => new IndexItem(p.Key, false, p.Value)), all);
            disk.Abandon();
        }

        // Rebuilt and then crashed: the journal replays on top of the rebuilt segments.
        using (var disk = Disks.OpenIndexed(root))
        {
            var all = await ReferenceListing.WalkAsync(q => disk.ListIndexAsync("bucket", q, Ct), new IndexQuery(Limit: 64, IncludeHidden: true));
            Assert.Equal(model.Select(p => new IndexItem(p.Key, false, p.Value)), all);
        }
    }

    [Fact]
    public async Task A_key_deleted_while_the_rebuild_reads_it_stays_deleted()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        using (var disk = LocalDisk.Open(root, Disks.Format(), options: new LocalDiskOptions { MaintainIndex = false }))
        {
            await IndexDocuments.Put(disk, "bucket", "doomed", IndexDocuments.Listed("d"), Ct);
        }

        // The delete is held before it pins its index change until the rebuild has read the key's document, indexed
        // it and switched out the memtable holding it (one entry fills it). A delete that looked the key up before
        // that point found nothing, pinned the next memtable, and the key came back once the rebuild ended.
        var deleting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = Disks.Indexed(memtableEntries: 1, faults: point =>
        {
            switch (point)
            {
                case FaultPoints.RebuildDocumentRead:
                    Hold(deleting.Task, "the delete to start");
                    break;
                case FaultPoints.DeleteBeforeIndexPin:
                    deleting.TrySetResult();
                    Hold(flushed.Task, "the rebuilt entry to be flushed");
                    break;
                case FaultPoints.FlushSegmentWritten:
                    flushed.TrySetResult();
                    break;
            }
        });

        using (var disk = Disks.OpenIndexed(root, options))
        {
            await disk.DeleteObjectAsync("bucket", "doomed", [], Ct);
            Assert.Null(await disk.ReadObjectMetadataAsync("bucket", "doomed", Ct));
            Assert.Empty((await disk.ListIndexAsync("bucket", new IndexQuery(IncludeHidden: true), Ct)).Items);
            disk.Abandon();
        }

        // Crashed: the delete's journal record replays on top of the rebuilt segment.
        using (var disk = Disks.OpenIndexed(root))
        {
            Assert.Empty((await disk.ListIndexAsync("bucket", new IndexQuery(IncludeHidden: true), Ct)).Items);
        }

        static void Hold(Task until, string what) =>
            Assert.True(until.Wait(TimeSpan.FromSeconds(30)), $"Timed out waiting for {what}.");
    }

    [Fact]
    public async Task A_key_the_rebuild_indexes_after_its_delete_looked_it_up_stays_deleted()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        using (var disk = LocalDisk.Open(root, Disks.Format(), options: new LocalDiskOptions { MaintainIndex = false }))
        {
            await IndexDocuments.Put(disk, "bucket", "doomed", IndexDocuments.Listed("d"), Ct);
        }

        // The rebuild reads the document and holds it until the delete has found the key not indexed; it then
        // indexes it while the delete waits for the object's stripe lock, in the memtable the delete has pinned.
        var lookedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = Disks.Indexed(faults: point =>
        {
            switch (point)
            {
                case FaultPoints.RebuildDocumentRead:
                    Assert.True(lookedUp.Task.Wait(TimeSpan.FromSeconds(30)), "Timed out waiting for the delete to look the key up.");
                    break;
                case FaultPoints.DeleteIndexLookedUp:
                    lookedUp.TrySetResult();
                    break;
            }
        });

        using (var disk = Disks.OpenIndexed(root, options))
        {
            await disk.DeleteObjectAsync("bucket", "doomed", [], Ct);
            Assert.Empty((await disk.ListIndexAsync("bucket", new IndexQuery(IncludeHidden: true), Ct)).Items);
            disk.Abandon();
        }

        using (var disk = Disks.OpenIndexed(root))
        {
            Assert.Empty((await disk.ListIndexAsync("bucket", new IndexQuery(IncludeHidden: true), Ct)).Items);
        }
    }

    [Fact]
    public async Task Without_an_indexer_an_index_that_needs_a_rebuild_is_unavailable_and_writes_go_on()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        using (var disk = LocalDisk.Open(root, Disks.Format(), options: new LocalDiskOptions { MaintainIndex = false }))
        {
            await IndexDocuments.Put(disk, "bucket", "written-before", IndexDocuments.Listed("b"), Ct);
        }

        using (var disk = Disks.Open(root))
        {
            var e = await Assert.ThrowsAsync<ObjectIndexUnavailableException>(async () => await disk.ListIndexAsync("bucket", new IndexQuery(), Ct));
            Assert.Contains("no IObjectIndexer is configured", e.Message);
            await IndexDocuments.Put(disk, "bucket", "written-while-unavailable", IndexDocuments.Listed("w"), Ct);
            Assert.Equal(IndexDocuments.Document("written-while-unavailable", IndexDocuments.Listed("w")), await disk.ReadObjectMetadataAsync("bucket", "written-while-unavailable", Ct));

            // A bucket with nothing to rebuild needs no indexer.
            await IndexDocuments.Put(disk, "fresh", "k", IndexDocuments.Listed("k"), Ct);
            Assert.Equal(["k"], (await disk.ListIndexAsync("fresh", new IndexQuery(), Ct)).Items.Select(i => i.Name));
        }

        using (var disk = Disks.OpenIndexed(root))
        {
            Assert.Equal(["written-before", "written-while-unavailable"], (await disk.ListIndexAsync("bucket", new IndexQuery(), Ct)).Items.Select(i => i.Name));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_damaged_segment_makes_the_index_rebuild(bool damageFooter)
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        var keys = Enumerable.Range(0, 200).Select(i => $"key{i:D3}").ToArray();
        using (var disk = Disks.OpenIndexed(root, Disks.Indexed(memtableEntries: 1000)))
        {
            foreach (var key in keys)
            {
                await IndexDocuments.Put(disk, "bucket", key, IndexDocuments.Listed(key), Ct);
            }
        }

        var segment = Directory.EnumerateFiles(Path.Combine(root, StoragePaths.BucketIndexDirectory("bucket")), "segment-*").Single();
        var bytes = await File.ReadAllBytesAsync(segment, Ct);
        bytes[damageFooter ? bytes.Length - 3 : 100] ^= 0x40;
        await File.WriteAllBytesAsync(segment, bytes, Ct);

        if (!damageFooter)
        {
            // A damaged block is found when read: the listing fails, and the index is marked for a rebuild.
            using var disk = Disks.OpenIndexed(root);
            var e = await Assert.ThrowsAsync<ObjectIndexUnavailableException>(async () => await disk.ListIndexAsync("bucket", new IndexQuery(), Ct));
            Assert.IsType<InvalidDataException>(e.InnerException);
        }

        var indexer = new IndexDocuments();
        using (var disk = Disks.OpenIndexed(root, Disks.Indexed(indexer: indexer)))
        {
            Assert.Equal(keys, (await disk.ListIndexAsync("bucket", new IndexQuery(), Ct)).Items.Select(i => i.Name));
            Assert.Equal(200, indexer.Described);
        }
    }

    [Fact]
    public async Task Deleting_a_bucket_deletes_its_index_and_a_new_bucket_of_that_name_starts_empty()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.OpenIndexed(temp.Combine("disk0"));
        await disk.WriteBucketAsync("bucket", "{}"u8.ToArray(), Ct);
        await IndexDocuments.Put(disk, "bucket", "old", IndexDocuments.Listed("o"), Ct);
        await disk.DeleteObjectAsync("bucket", "old", [], Ct);
        var index = Path.Combine(disk.Root, StoragePaths.BucketIndexDirectory("bucket"));
        Assert.True(Directory.Exists(index));

        await disk.DeleteBucketAsync("bucket", Ct);

        Assert.False(Directory.Exists(index));
        await Disks.AssertTempEmptiesAsync(disk);
        await disk.WriteBucketAsync("bucket", "{}"u8.ToArray(), Ct);
        await IndexDocuments.Put(disk, "bucket", "new", IndexDocuments.Listed("n"), Ct);
        Assert.Equal(["new"], (await disk.ListIndexAsync("bucket", new IndexQuery(), Ct)).Items.Select(i => i.Name));
    }
}
