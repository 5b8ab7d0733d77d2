using System.Net;
using System.Text;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>Keys are names, never paths: whatever they hold, they round-trip, stay distinct, and write nothing outside the disks.</summary>
[Collection(ServerCollection.Name)]
public sealed class KeyTests(BucketsServer server) : ServerTest(server)
{
    public static TheoryData<string> HostileKeys => new()
    {
        "ünïcødé/日本語/ключ",
        "../etc/passwd",
        "a/../../b",
        "%2F",
        "a%2Fb",
        "with space",
        "plus+sign",
        "./dot",
        "trailing/",
        "double//slash",
        "question?mark#hash",
        "tilde~and*star",
        "emoji-🪣",
    };

    [Theory]
    [MemberData(nameof(HostileKeys))]
    public async Task A_hostile_key_round_trips(string key)
    {
        var bucket = await CreateBucketAsync("key");
        var data = Encoding.UTF8.GetBytes("content of " + key);

        await PutAsync(bucket, key, data);

        Assert.Equal(data, await GetBytesAsync(bucket, key));
        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, Cancel);
        Assert.Equal(data.Length, head.ContentLength);
        await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, Cancel);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey",
            () => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, Cancel));
    }

    [Fact]
    public async Task Keys_that_look_like_paths_stay_distinct_objects_and_write_only_under_the_data_dirs()
    {
        var started = DateTime.UtcNow.AddSeconds(-2);
        var passwdWritten = File.Exists("/etc/passwd") ? File.GetLastWriteTimeUtc("/etc/passwd") : DateTime.MinValue;
        var marker = "escape-" + Guid.NewGuid().ToString("N")[..12];
        var bucket = await CreateBucketAsync("paths");
        string[] keys =
        [
            .. HostileKeys.Select(row => row.Data),
            "b", "etc/passwd", "a/b", "dot", "a/", "%252F", "with+space", "plus sign",
            $"../{marker}", $"../../{marker}", $"../../../../../../../../../../tmp/{marker}", $"a/../../../{marker}/x",
            new string('é', 300) + "/" + marker,
        ];

        // Small and streamed objects take different paths to the disks: both must stay inside them.
        for (var i = 0; i < keys.Length; i++)
        {
            await PutAsync(bucket, keys[i], Content(keys[i], large: i % 3 == 0));
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var got = await GetBytesAsync(bucket, keys[i]);
            Assert.True(Content(keys[i], large: i % 3 == 0).AsSpan().SequenceEqual(got), $"key '{keys[i]}' came back different");
        }

        // Everything the server wrote is under the data dirs; its working directory stays empty.
        var outside = Directory.EnumerateFileSystemEntries(Server.Root, "*", SearchOption.AllDirectories)
            .Where(p => !IsUnder(p, Server.DataRoot) && p != Server.DataRoot && p != Server.WorkDir)
            .ToArray();
        Assert.True(outside.Length == 0, "written outside the data dirs:\n" + string.Join('\n', outside));

        // No key became a path component on any disk.
        string[] fragments = ["passwd", "ünïcødé", "日本語", "ключ", "with space", "plus+sign", "%2F", "question", "🪣", marker];
        var named = Server.DataDirs
            .SelectMany(d => Directory.EnumerateFileSystemEntries(d, "*", SearchOption.AllDirectories))
            .Where(p => fragments.Any(f => Path.GetFileName(p).Contains(f, StringComparison.Ordinal)))
            .ToArray();
        Assert.True(named.Length == 0, "key text in disk paths:\n" + string.Join('\n', named));

        // Nothing escaped into the scratch directory's parent (the machine's temp dir) or the root of the file system.
        var parent = Path.GetDirectoryName(Server.Root)!;
        var escaped = Directory.EnumerateFileSystemEntries(parent, "*", new EnumerationOptions
            {
                RecurseSubdirectories = true,
                IgnoreInaccessible = true,
                MaxRecursionDepth = 6,
                AttributesToSkip = FileAttributes.ReparsePoint,
            })
            .Where(p => Path.GetFileName(p).Contains(marker, StringComparison.Ordinal) && !IsUnder(p, Server.DataRoot))
            .Concat(((string[])["/" + marker, "/tmp/" + marker]).Where(Path.Exists))
            .ToArray();
        Assert.True(escaped.Length == 0, "escaped the disks:\n" + string.Join('\n', escaped));
        foreach (var candidate in Candidates(bucket, keys))
        {
            Assert.True(!File.Exists(candidate) || File.GetLastWriteTimeUtc(candidate) < started || IsUnder(candidate, Server.DataRoot),
                $"{candidate} was written during the test");
        }

        Assert.Equal(passwdWritten, File.Exists("/etc/passwd") ? File.GetLastWriteTimeUtc("/etc/passwd") : DateTime.MinValue);
    }

    /// <summary>
    /// Keys that begin with a slash, sent by hand: AWSSDK.S3 4.1.0 signs <c>/bucket///x</c> for the key <c>//x</c> but sends
    /// <c>/bucket//x</c>, so no server can accept its signature for such keys.
    /// </summary>
    [Theory]
    [InlineData("/")]
    [InlineData("/leading")]
    [InlineData("//double//slash")]
    public async Task A_key_that_begins_with_a_slash_round_trips(string key)
    {
        var bucket = await CreateBucketAsync("slashkey");
        var path = $"/{bucket}/{SigV4Signer.EncodePath(key)}";
        var data = Encoding.UTF8.GetBytes("content of " + key);

        using (var put = await Raw.SendAsync(HttpMethod.Put, path, data))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // The same name without its leading slashes is another key.
        var sibling = key.TrimStart('/');
        if (sibling.Length > 0)
        {
            using var other = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/{SigV4Signer.EncodePath(sibling)}", "sibling"u8.ToArray());
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        using var get = await Raw.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(data, await get.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Theory]
    [InlineData(1024, 'k')]
    [InlineData(1024, 'é')]
    public async Task A_key_of_1024_UTF8_bytes_works(int bytes, char fill)
    {
        var bucket = await CreateBucketAsync("longkey");
        var key = KeyOf(bytes, fill);

        await PutAsync(bucket, key, "long"u8.ToArray());

        Assert.Equal("long"u8.ToArray(), await GetBytesAsync(bucket, key));
    }

    [Theory]
    [InlineData(1025, 'k')]
    [InlineData(1025, 'é')]
    public async Task A_key_of_1025_UTF8_bytes_answers_KeyTooLongError(int bytes, char fill)
    {
        var bucket = await CreateBucketAsync("longkey");
        var key = KeyOf(bytes, fill);

        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "KeyTooLongError", () => PutAsync(bucket, key, "long"u8.ToArray()));
    }

    /// <summary>A key of exactly <paramref name="bytes"/> UTF-8 bytes, mostly <paramref name="fill"/>.</summary>
    private static string KeyOf(int bytes, char fill)
    {
        var perChar = Encoding.UTF8.GetByteCount(fill.ToString());
        var key = new string(fill, bytes / perChar) + new string('x', bytes % perChar);
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(key));
        return key;
    }

    private static byte[] Content(string key, bool large)
    {
        var name = Encoding.UTF8.GetBytes("content of " + key + "\n");
        return large ? [.. name, .. SeededBytes.Create((ulong)key.GetHashCode(StringComparison.Ordinal), (1024 * 1024) + 10)] : name;
    }

    /// <summary>Where a key would land if some layer joined it to a directory it knows.</summary>
    private IEnumerable<string> Candidates(string bucket, IEnumerable<string> keys)
    {
        var bases = new List<string> { Server.WorkDir, Server.Root, Server.DataRoot };
        foreach (var disk in Server.DataDirs)
        {
            bases.AddRange([disk, Path.Combine(disk, "objects"), Path.Combine(disk, "objects", bucket), Path.Combine(disk, "objects", bucket, "00"), Path.Combine(disk, ".buckets", "tmp")]);
        }

        foreach (var key in keys)
        {
            var relative = key.TrimStart('/');
            foreach (var root in bases)
            {
                var full = Path.GetFullPath(Path.Combine(root, relative));
                yield return full.TrimEnd('/');
            }
        }
    }

    private static bool IsUnder(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
