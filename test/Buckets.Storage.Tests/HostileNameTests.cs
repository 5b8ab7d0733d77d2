using System.Text;
using Xunit;

namespace Buckets.Storage.Tests;

/// <summary>
/// Nothing is ever written outside the disk directory: keys only ever become hashes, and bucket and system
/// document names that are not one safe path component are refused before any file is touched.
/// </summary>
public sealed class HostileNameTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Keys =
    [
        "../../etc/passwd",
        "../../../../../../../../tmp/escaped",
        "/etc/passwd",
        "%2F..%2F..%2Fescaped",
        "..",
        ".",
        "/",
        "",
        "a\0b",
        "..\\..\\escaped",
        "日本語/ключ/🙂/",
        new string('k', 1024),
        string.Concat(Enumerable.Repeat("ü/", 300)),
        "meta",
        "part.1",
    ];

    public static TheoryData<string> HostileKeys => new(Keys);

    public static TheoryData<string> HostileBucketNames => new(
        "..",
        ".",
        "",
        "../escaped",
        "a/b",
        "a\\b",
        "a\0b",
        "/etc",
        "%2F..%2F",
        "ünïcode",
        "with space",
        "~",
        "tab\t",
        new string('b', 64));

    [Theory]
    [MemberData(nameof(HostileKeys))]
    public async Task A_hostile_key_stays_inside_its_object_directory(string key)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("x", "y", "z", "disk0"));
        var dataDir = Guid.NewGuid();

        await disk.WriteShardAsync("bucket", key, dataDir, 0, "shard"u8.ToArray(), flush: true, Ct);
        await disk.WriteObjectMetadataAsync("bucket", key, "meta"u8.ToArray(), null, Ct);

        Assert.Equal("meta"u8.ToArray(), await disk.ReadObjectMetadataAsync("bucket", key, Ct));
        var buffer = new byte[5];
        Assert.Equal(5, await disk.ReadShardAsync("bucket", key, dataDir, 0, buffer, Ct));
        var objectDirectory = Path.Combine(disk.Root, "objects", "bucket", StoragePaths.KeyHash(key)[..2], StoragePaths.KeyHash(key));
        string[] expected = [Path.Combine(objectDirectory, "meta"), Path.Combine(objectDirectory, dataDir.ToString("N")), Path.Combine(objectDirectory, dataDir.ToString("N"), "part.1")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Disks.Tree(objectDirectory).Order(StringComparer.Ordinal));
        AssertEverythingUnder(temp, disk.Root);

        await disk.DeleteObjectAsync("bucket", key, [dataDir], Ct);
        Assert.Null(await disk.ReadObjectMetadataAsync("bucket", key, Ct));
        Assert.False(Directory.Exists(objectDirectory));
        AssertEverythingUnder(temp, disk.Root);
    }

    [Fact]
    public async Task Distinct_hostile_keys_get_distinct_objects()
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));
        var keys = Keys;

        for (var i = 0; i < keys.Length; i++)
        {
            await disk.WriteObjectMetadataAsync("bucket", keys[i], BitConverter.GetBytes(i), null, Ct);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(BitConverter.GetBytes(i), await disk.ReadObjectMetadataAsync("bucket", keys[i], Ct));
        }
    }

    [Fact]
    public void A_key_that_is_not_valid_unicode_is_refused_rather_than_merged_with_another()
    {
        Assert.Throws<ArgumentException>(() => StoragePaths.KeyHash("lone \uD800 surrogate"));
        Assert.Throws<ArgumentException>(() => StoragePaths.KeyHash("\uDFFF"));
        Assert.Equal(StoragePaths.KeyHash("caf\u00e9"), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("café"))));
    }

    [Theory]
    [MemberData(nameof(HostileBucketNames))]
    public async Task A_hostile_bucket_name_is_refused_by_every_operation_and_touches_nothing(string bucket)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("x", "y", "z", "disk0"));
        var before = Disks.Tree(temp.Path);
        var dataDir = Guid.NewGuid();

        Assert.False(StoragePaths.IsValidBucketName(bucket));
        var attempts = new Func<Task>[]
        {
            async () => await disk.WriteShardAsync(bucket, "key", dataDir, 0, new byte[1], flush: true, Ct),
            async () => await disk.ReadShardAsync(bucket, "key", dataDir, 0, new byte[1], Ct),
            async () => await disk.DeleteDataDirAsync(bucket, "key", dataDir, Ct),
            async () => await disk.WriteObjectMetadataAsync(bucket, "key", new byte[1], null, Ct),
            async () => await disk.ReadObjectMetadataAsync(bucket, "key", Ct),
            async () => await disk.DeleteObjectAsync(bucket, "key", [], Ct),
            async () => await disk.WriteBucketAsync(bucket, new byte[1], Ct),
            async () => await disk.ReadBucketAsync(bucket, Ct),
            async () => await disk.DeleteBucketAsync(bucket, Ct),
            async () => await disk.BucketHasObjectsAsync(bucket, Ct),
        };
        foreach (var attempt in attempts)
        {
            await Assert.ThrowsAsync<ArgumentException>(attempt);
        }

        Assert.Equal(before, Disks.Tree(temp.Path));
    }

    [Theory]
    [InlineData("../format.json")]
    [InlineData("../../escaped")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("nul\0")]
    [InlineData("/etc/passwd")]
    public async Task A_hostile_system_document_name_is_refused(string name)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("x", "disk0"));
        var before = Disks.Tree(temp.Path);

        await Assert.ThrowsAsync<ArgumentException>(async () => await disk.WriteSystemDocumentAsync(name, new byte[1], Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await disk.ReadSystemDocumentAsync(name, Ct));

        Assert.Equal(before, Disks.Tree(temp.Path));
    }

    [Theory]
    [InlineData("bucket")]
    [InlineData("my.bucket-name_1")]
    [InlineData("UPPER")]
    [InlineData("a")]
    [InlineData("..a")]
    public void Safe_bucket_names_are_accepted(string bucket)
    {
        Assert.True(StoragePaths.IsValidBucketName(bucket));
        Assert.True(StoragePaths.IsValidBucketName(new string('b', 63)));
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("objects/../../escaped")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData("")]
    public void The_last_guard_refuses_any_path_outside_the_disk(string relative)
    {
        using var temp = new TempDirectory();
        using var disk = Disks.Open(temp.Combine("disk0"));

        Assert.Throws<InvalidOperationException>(() => disk.Resolve(relative));
        Assert.Equal(Path.Combine(disk.Root, "objects", "b"), disk.Resolve("objects/b"));
    }

    private static void AssertEverythingUnder(TempDirectory temp, string root)
    {
        var prefix = root + Path.DirectorySeparatorChar;
        foreach (var entry in Disks.Tree(temp.Path))
        {
            var isAncestorOfRoot = prefix.StartsWith(entry + Path.DirectorySeparatorChar, StringComparison.Ordinal) || entry == root;
            Assert.True(isAncestorOfRoot || entry.StartsWith(prefix, StringComparison.Ordinal), $"{entry} is outside {root}");
        }
    }
}
