using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>System documents (topology and the like) and the disk's usage figures.</summary>
public sealed class SystemDocumentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task System_documents_read_back_and_overwrite()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));

        Assert.Null(await disk.ReadSystemDocumentAsync("topology.json", Ct));
        await disk.WriteSystemDocumentAsync("topology.json", "{\"generation\":1}"u8.ToArray(), Ct);
        await disk.WriteSystemDocumentAsync("topology.json", "{\"generation\":2}"u8.ToArray(), Ct);

        Assert.Equal("{\"generation\":2}"u8.ToArray(), await disk.ReadSystemDocumentAsync("topology.json", Ct));
        Assert.True(File.Exists(Path.Combine(disk.Root, ".buckets", "system", "topology.json")));
    }

    [Fact]
    public async Task System_documents_survive_a_reopen()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        using (var disk = Disks.Open(root))
        {
            await disk.WriteSystemDocumentAsync("ring_v2-3.json", "ring"u8.ToArray(), Ct);
        }

        using var reopened = Disks.Open(root);
        Assert.Equal("ring"u8.ToArray(), await reopened.ReadSystemDocumentAsync("ring_v2-3.json", Ct));
    }

    [Fact]
    public void Usage_reports_the_filesystem_size_and_free_space()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));

        var usage = disk.GetUsage();

        Assert.True(usage.TotalBytes > 0, $"total {usage.TotalBytes}");
        Assert.InRange(usage.FreeBytes, 1, usage.TotalBytes);
    }
}
