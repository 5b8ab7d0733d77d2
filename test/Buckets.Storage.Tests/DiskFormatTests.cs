using System.Text.Json;
using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// A disk is recognised by its format.json: a fresh directory is formatted, a known one reopened, and a disk that
/// belongs elsewhere (another deployment, set or position, another code, or not a Buckets disk) is refused with a
/// message that names the directory, what was expected and what was found.
/// </summary>
public sealed class DiskFormatTests
{
    [Fact]
    public void An_empty_directory_is_formatted_and_reopens_with_the_same_identity()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        Directory.CreateDirectory(root);

        DiskFormat first;
        using (var disk = LocalDisk.Open(root, Disks.Format(set: 3, disk: 1)))
        {
            first = disk.Format;
            Assert.NotEqual(Guid.Empty, first.DiskId);
            Assert.Equal(Disks.Format(set: 3, disk: 1) with { DiskId = first.DiskId }, first);
            Assert.Equal(Path.GetFullPath(root), disk.Root);
        }

        using var reopened = LocalDisk.Open(root, Disks.Format(set: 3, disk: 1));
        Assert.Equal(first, reopened.Format);
        Assert.Equal(first, LocalDisk.ReadFormat(root));
    }

    [Fact]
    public void A_missing_directory_is_created_and_formatted()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("a", "b", "disk0");

        using var disk = LocalDisk.Open(root, Disks.Format());

        Assert.True(File.Exists(Path.Combine(root, "format.json")));
    }

    [Fact]
    public void Format_json_holds_the_documented_fields_in_camel_case()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        var diskId = Guid.NewGuid();

        using (LocalDisk.Open(root, Disks.Format(set: 2, disk: 3, dataShards: 4, parityShards: 2) with { DiskId = diskId }))
        {
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, "format.json")));
        var r = json.RootElement;
        Assert.Equal(1, r.GetProperty("version").GetInt32());
        Assert.Equal(Disks.Deployment, r.GetProperty("deploymentId").GetGuid());
        Assert.Equal(2, r.GetProperty("setIndex").GetInt32());
        Assert.Equal(3, r.GetProperty("diskIndex").GetInt32());
        Assert.Equal(diskId, r.GetProperty("diskId").GetGuid());
        Assert.Equal(4, r.GetProperty("dataShards").GetInt32());
        Assert.Equal(2, r.GetProperty("parityShards").GetInt32());
    }

    [Fact]
    public void An_empty_expected_deployment_adopts_the_disks_deployment()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        using (LocalDisk.Open(root, Disks.Format()))
        {
        }

        using var disk = LocalDisk.Open(root, Disks.Format(deployment: Guid.Empty));

        Assert.Equal(Disks.Deployment, disk.Format.DeploymentId);
    }

    [Fact]
    public void Formatting_needs_a_deployment_id()
    {
        using var temp = new TempDirectory();

        var e = Assert.Throws<ArgumentException>(() => LocalDisk.Open(temp.Combine("disk0"), Disks.Format(deployment: Guid.Empty)));

        Assert.Contains("needs a deployment id", e.Message);
        Assert.False(Directory.Exists(temp.Combine("disk0")));
    }

    [Fact]
    public void A_disk_of_another_deployment_is_refused_naming_both_deployments()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk3");
        using (LocalDisk.Open(root, Disks.Format()))
        {
        }

        var other = Guid.NewGuid();
        var e = Assert.Throws<DiskFormatException>(() => LocalDisk.Open(root, Disks.Format(deployment: other)));

        Assert.Equal($"Disk {root} belongs to deployment {Disks.Deployment}, this server is {other}.", e.Message);
    }

    [Fact]
    public void A_disk_of_another_erasure_set_is_refused()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        using (LocalDisk.Open(root, Disks.Format(set: 1)))
        {
        }

        var e = Assert.Throws<DiskFormatException>(() => LocalDisk.Open(root, Disks.Format(set: 0)));

        Assert.Equal($"Disk {root} belongs to erasure set 1, expected set 0.", e.Message);
    }

    [Fact]
    public void A_disk_at_another_position_of_its_set_is_refused()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk2");
        using (LocalDisk.Open(root, Disks.Format(disk: 3)))
        {
        }

        var e = Assert.Throws<DiskFormatException>(() => LocalDisk.Open(root, Disks.Format(disk: 2)));

        Assert.Equal($"Disk {root} is disk 3 of its erasure set, expected disk 2 (disk directories swapped?).", e.Message);
    }

    [Fact]
    public void A_disk_formatted_for_another_erasure_code_is_refused()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        using (LocalDisk.Open(root, Disks.Format(dataShards: 4, parityShards: 2)))
        {
        }

        var e = Assert.Throws<DiskFormatException>(() => LocalDisk.Open(root, Disks.Format(dataShards: 2, parityShards: 2)));

        Assert.Equal($"Disk {root} was formatted for 4+2 erasure coding, this server uses 2+2.", e.Message);
    }

    [Fact]
    public void A_non_empty_directory_without_format_json_is_refused_and_left_untouched()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "photos.tar"), "someone's data");

        var e = Assert.Throws<DiskFormatException>(() => LocalDisk.Open(root, Disks.Format()));

        Assert.Equal($"Disk {root} is not empty and not a Buckets disk: no format.json, but 'photos.tar' is there.", e.Message);
        Assert.Equal([Path.Combine(root, "photos.tar")], Disks.Tree(root));
    }

    [Fact]
    public void A_fresh_filesystem_with_lost_and_found_is_formatted()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        Directory.CreateDirectory(Path.Combine(root, "lost+found"));

        using var disk = LocalDisk.Open(root, Disks.Format());

        Assert.True(File.Exists(Path.Combine(root, "format.json")));
    }

    [Fact]
    public void An_open_that_crashed_before_writing_format_json_does_not_block_the_next()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        Directory.CreateDirectory(Path.Combine(root, ".buckets", "tmp"));
        File.WriteAllText(Path.Combine(root, ".buckets", "tmp", "0123"), "{\"version\":");

        using var disk = LocalDisk.Open(root, Disks.Format());

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, ".buckets", "tmp")));
    }

    [Fact]
    public void Without_format_if_empty_an_unformatted_directory_is_refused()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");

        var e = Assert.Throws<DiskFormatException>(() => LocalDisk.Open(root, Disks.Format(), formatIfEmpty: false));

        Assert.Equal($"Disk {root} has no format.json and formatting it was not allowed.", e.Message);
        Assert.False(File.Exists(Path.Combine(root, "format.json")));
    }

    [Theory]
    [InlineData("{\"version\":1,", "unreadable format.json")]
    [InlineData("{\"version\":1,\"deploymentId\":\"6d1f0c2e-3f7a-4b8e-9c55-0a1b2c3d4e5f\",\"setIndex\":0,\"diskIndex\":0,\"dataShards\":2,\"parityShards\":2}", "unreadable format.json")]
    [InlineData("{\"version\":1,\"deploymentId\":\"6d1f0c2e-3f7a-4b8e-9c55-0a1b2c3d4e5f\",\"setIndex\":0,\"diskIndex\":9,\"diskId\":\"6d1f0c2e-3f7a-4b8e-9c55-0a1b2c3d4e5f\",\"dataShards\":2,\"parityShards\":2}", "unreadable format.json")]
    [InlineData("{\"version\":2,\"deploymentId\":\"6d1f0c2e-3f7a-4b8e-9c55-0a1b2c3d4e5f\",\"setIndex\":0,\"diskIndex\":0,\"diskId\":\"6d1f0c2e-3f7a-4b8e-9c55-0a1b2c3d4e5f\",\"dataShards\":2,\"parityShards\":2}", "has format version 2; this server reads version 1.")]
    public void A_damaged_or_newer_format_json_is_refused(string content, string expectedMessagePart)
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "format.json"), content);

        var e = Assert.Throws<DiskFormatException>(() => LocalDisk.Open(root, Disks.Format()));

        Assert.StartsWith($"Disk {root} ", e.Message);
        Assert.Contains(expectedMessagePart, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_disk_is_used_by_one_instance_at_a_time()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("disk0");
        using (LocalDisk.Open(root, Disks.Format()))
        {
            var e = Assert.Throws<IOException>(() => LocalDisk.Open(root, Disks.Format()));
            Assert.Equal($"Disk {root} is already open, in this process or another.", e.Message);
        }

        using var again = LocalDisk.Open(root, Disks.Format());
    }

    [Fact]
    public void Read_format_of_an_unformatted_directory_is_null()
    {
        using var temp = new TempDirectory();

        Assert.Null(LocalDisk.ReadFormat(temp.Combine("nothing-here")));
        Assert.Null(LocalDisk.ReadFormat(temp.Path));
    }

    [Theory]
    [InlineData(-1, 0, 2, 2)]
    [InlineData(0, 4, 2, 2)]
    [InlineData(0, -1, 2, 2)]
    [InlineData(0, 0, 0, 2)]
    [InlineData(0, 0, 2, -1)]
    public void An_impossible_expected_format_is_an_argument_error(int set, int disk, int k, int m)
    {
        using var temp = new TempDirectory();

        Assert.Throws<ArgumentException>(() => LocalDisk.Open(temp.Combine("disk0"), Disks.Format(set, disk, null, k, m)));
        Assert.False(Directory.Exists(temp.Combine("disk0")));
    }
}
