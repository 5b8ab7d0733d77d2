using Buckets.Abstractions;
using Buckets.Grains.Topology;
using Xunit;

namespace Buckets.Grains.Tests.Listing;

/// <summary>
/// Versioned keys on both erasure sets: the index summaries list every version of every key newest first, a key
/// whose latest version is a delete marker is hidden from a plain listing (and from the common prefixes it would
/// roll up into), and every version reads back by id as listed once the registries are reloaded from the disks.
/// </summary>
[Collection(TwoSetCollection.Name)]
public sealed class VersionedListingTests(TwoSetCluster cluster)
{
    private const BucketVersioning Enabled = BucketVersioning.Enabled;
    private const int KeysPerSet = 3;

    /// <summary>
    /// What happens to each key, in order: <c>p</c> an inline put, <c>S</c> a streamed put, <c>m</c> a delete marker,
    /// and removals by id of the <c>l</c>atest, the <c>s</c>econd newest or the <c>o</c>ldest version.
    /// </summary>
    private static readonly Dictionary<string, string[]> Scripts = new(StringComparer.Ordinal)
    {
        // Visible at the end: the latest version is an object.
        ["v/live/"] = ["pp", "pSp", "pps", "ppo", "pml", "pmSpo"],

        // Hidden at the end: every key's latest version is a delete marker.
        ["v/gone/"] = ["pm", "pSm", "ppmm", "pmpm", "ppsm", "m"],

        // Some of each; "pmo" leaves a marker alone, "ml" leaves nothing at all.
        ["v/mixed/"] = ["pmp", "pSm", "ppl", "pmlm", "pmo", "ml"],

        ["w"] = ["S", "pm", "ppo", "pmm", "Sps", "ml"],
    };

    private readonly ObjectClient objects = new(cluster.Grains);
    private readonly TopologyView ring = new(cluster.Topology);

    [Fact]
    public async Task Versions_and_delete_markers_on_both_sets_list_newest_first_and_read_back_by_id_after_a_reload()
    {
        var bucket = await cluster.NewBucketAsync("two-sets-versions");
        Assert.True(await cluster.Grains.GetGrain<IBucketGrain>(bucket).SetVersioning(Enabled));

        // Each group gets keys on both sets, and each set gets every kind of script over the groups.
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (group, list) in Scripts)
        {
            var names = Enumerable.Range(0, 100).Select(n => $"{group}{n:D2}").ToArray();
            var chosen = Enumerable.Range(0, cluster.SetCount)
                .SelectMany(set => names.Where(k => ring.Locate(bucket, k).Index == set).Take(KeysPerSet))
                .ToArray();
            Assert.Equal(list.Length, chosen.Length);
            for (var i = 0; i < chosen.Length; i++)
            {
                scripts[chosen[i]] = list[i];
            }
        }

        var runs = scripts.Select(s => RunAsync(bucket, s.Key, s.Value)).ToArray();
        var model = (await Task.WhenAll(runs)).ToDictionary(r => r.Key, r => r.Versions, StringComparer.Ordinal);
        var existing = model.Where(m => m.Value.Count > 0).Select(m => m.Key).ToArray();
        var visible = model.Where(m => m.Value is [{ IsDeleteMarker: false }, ..]).Select(m => m.Key).ToArray();
        Assert.Equal(2, existing.Select(k => ring.Locate(bucket, k).Index).Distinct().Count());
        Assert.Equal(2, existing.Except(visible).Select(k => ring.Locate(bucket, k).Index).Distinct().Count());
        Assert.Contains(model, m => m.Value.Count == 0);

        var all = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, null, 7, IncludeHidden: true));
        Assert.Equal(existing.Order(Utf8Order.Instance), all.Select(e => e.Name));
        Assert.All(all, entry => AssertVersions(model[entry.Name], entry.Versions));

        var shown = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, null, 7, IncludeHidden: false));
        Assert.Equal(visible.Order(Utf8Order.Instance), shown.Select(e => e.Name));
        Assert.All(shown, entry => AssertVersions(model[entry.Name], entry.Versions));

        foreach (var prefix in new[] { "", "v/" })
        {
            var rolledShown = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery(prefix, null, "/", 2, IncludeHidden: false));
            Assert.Equal(ListingWalk.Expected(visible, prefix, "/"), rolledShown.Select(e => e.Name));
            var rolledAll = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery(prefix, null, "/", 2, IncludeHidden: true));
            Assert.Equal(ListingWalk.Expected(existing, prefix, "/"), rolledAll.Select(e => e.Name));
        }

        var underV = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("v/", null, "/", 1000, IncludeHidden: false));
        Assert.Equal(["v/live/", "v/mixed/"], underV.Select(e => e.Name));

        foreach (var key in scripts.Keys)
        {
            await cluster.DeactivateAsync(objects.Registry(bucket, key));
        }

        foreach (var (key, versions) in model)
        {
            var listed = all.SingleOrDefault(e => e.Name == key)?.Versions ?? [];
            await AssertReadsBackAsync(bucket, key, versions, listed);
        }

        var again = await ListingWalk.AllAsync(cluster.Grains, bucket, new ListingQuery("", null, null, 1000, IncludeHidden: true));
        Assert.Equal(all.Select(e => e.Name), again.Select(e => e.Name));
        Assert.All(again.Zip(all), pair => Assert.Equal(pair.Second.Versions, pair.First.Versions));
    }

    /// <summary>Plays one key's script; its versions as the test expects them, newest first.</summary>
    private async Task<(string Key, List<WrittenVersion> Versions)> RunAsync(string bucket, string key, string script)
    {
        var versions = new List<WrittenVersion>();
        var registry = objects.Registry(bucket, key);
        var seed = key.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
        foreach (var op in script)
        {
            switch (op)
            {
                case 'p' or 'S':
                    var content = TestContent.Bytes(op == 'S' ? (2 * ClusterFixture.BlockSize) + 321 : 100 + (seed++ & 0x7FF), seed);
                    var put = await objects.PutAsync(bucket, key, content, versioning: Enabled);
                    Assert.Equal(ring.Locate(bucket, key).Index, put.SetIndex);
                    versions.Insert(0, new WrittenVersion(put.VersionId!, false, put.Size, put.ETag, put.LastModified, content));
                    break;
                case 'm':
                    var marker = await registry.Delete(null, Enabled);
                    Assert.True(marker.IsDeleteMarker);
                    versions.Insert(0, new WrittenVersion(marker.VersionId!, true, 0, string.Empty, null, null));
                    break;
                default:
                    var target = op switch
                    {
                        'l' => versions[0],
                        's' => versions[1],
                        'o' => versions[^1],
                        _ => throw new ArgumentException($"Unknown step '{op}' in '{script}'.", nameof(script)),
                    };
                    var removed = await registry.Delete(target.VersionId, Enabled);
                    Assert.True(removed.Found);
                    Assert.Equal(target.IsDeleteMarker, removed.IsDeleteMarker);
                    versions.Remove(target);
                    break;
            }
        }

        return (key, versions);
    }

    private static void AssertVersions(List<WrittenVersion> expected, VersionSummary[] listed)
    {
        Assert.Equal(expected.Select(v => v.VersionId), listed.Select(v => v.VersionId));
        Assert.Equal(expected.Select(v => v.IsDeleteMarker), listed.Select(v => v.IsDeleteMarker));
        Assert.Equal(expected.Select(v => v.Size), listed.Select(v => v.Size));
        Assert.Equal(expected.Select(v => v.ETag), listed.Select(v => v.ETag));
        Assert.All(expected.Zip(listed).Where(p => p.First.LastModified is not null), p => Assert.Equal(p.First.LastModified, p.Second.LastModified));
    }

    /// <summary>Reads every version by id from fresh registry activations, and the latest without one.</summary>
    private async Task AssertReadsBackAsync(string bucket, string key, List<WrittenVersion> versions, VersionSummary[] listed)
    {
        var registry = objects.Registry(bucket, key);
        var latest = await registry.Get(null);
        Assert.Equal(versions.FirstOrDefault()?.VersionId, latest?.Version.VersionId);
        for (var i = 0; i < versions.Count; i++)
        {
            var written = versions[i];
            var state = await registry.Get(written.VersionId);
            Assert.NotNull(state);
            Assert.Equal(written.IsDeleteMarker, state.Version.IsDeleteMarker);
            Assert.Equal(written.ETag, state.Version.ETag);
            Assert.Equal(written.Size, state.Version.Size);
            Assert.Equal(listed[i].LastModified, state.Version.LastModified);
            if (!written.IsDeleteMarker)
            {
                var read = await objects.GetAsync(bucket, key, written.VersionId);
                Assert.Equal(written.Content, read?.Content);
            }
        }
    }
}
