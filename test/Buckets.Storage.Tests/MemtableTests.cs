using System.Text;
using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>The memtable's lock-free readers, racing its writers, never see a key out of order.</summary>
public sealed class MemtableTests
{
    [Fact]
    public async Task A_seek_racing_inserts_never_lands_before_its_target()
    {
        var table = new Memtable();
        var target = Encoding.UTF8.GetBytes("m");
        using var stop = new CancellationTokenSource();

        // Readers seek to "m" while a writer keeps inserting keys just below it ("l...") and above it.
        var seeks = new int[2];
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var node = table.SeekNode(target);
                if (node is not null && Utf8Keys.Compare(node.Key, target) < 0)
                {
                    Assert.Fail($"a seek to 'm' landed on '{Encoding.UTF8.GetString(node.Key)}'");
                }

                var steps = 0;
                for (var n = node; n?.Next(0) is { } next && steps < 16; n = next, steps++)
                {
                    Assert.True(Utf8Keys.Compare(n.Key, next.Key) < 0);
                }

                Interlocked.Increment(ref seeks[r]);
            }
        })).ToArray();

        var random = new Random(5);
        // Until both readers have raced plenty of inserts (or one has failed).
        for (var i = 0; (i < 20_000 || Enumerable.Range(0, 2).Any(r => Volatile.Read(ref seeks[r]) < 1_000)) && !readers.Any(t => t.IsCompleted); i++)
        {
            // Every "l" key is the new largest one below "m": it lands right between a seek's last node and the target.
            var key = i % 2 == 0 ? "l" + i.ToString("D9") : "n" + random.Next(1_000_000).ToString("D6");
            table.Set(Encoding.UTF8.GetBytes(key), IndexValue.Of(new IndexEntry(false, new byte[1])));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        var all = new List<byte[]>();
        for (var n = table.First; n is not null; n = n.Next(0))
        {
            all.Add(n.Key);
        }

        Assert.Equal(table.Count, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(p => Utf8Keys.Compare(p.First, p.Second) < 0));
    }
}
