using System.Diagnostics;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>
/// A server stopped with SIGTERM after real use exits on its own, in bounded time, with its indexes flushed: what a
/// service manager or a container runtime relies on.
/// </summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_loaded_server_exits_on_SIGTERM_in_bounded_time_with_every_index_flushed()
    {
        var server = new BucketsServer();
        await server.InitializeAsync();
        try
        {
            var bucket = "shutdown-" + Guid.NewGuid().ToString("N")[..8];
            await server.Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, Cancel);

            // Many keys (registry grains to deactivate, index entries to flush), overwrites of streamed objects
            // (replaced data the registries delete when they deactivate), and an upload left open.
            await Parallel.ForEachAsync(Enumerable.Range(0, 3000), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Cancel },
                async (i, ct) => await server.Client.PutObjectAsync(
                    new PutObjectRequest { BucketName = bucket, Key = $"k/{i % 50}/{i}", ContentBody = $"object {i}" }, ct));
            var big = new byte[600_000];
            for (var round = 0; round < 3; round++)
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, 8), Cancel, async (i, ct) => await server.Client.PutObjectAsync(
                    new PutObjectRequest { BucketName = bucket, Key = $"big/{i}", InputStream = new MemoryStream(big) }, ct));
            }

            await server.Client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "open" }, Cancel);

            var clock = Stopwatch.StartNew();
            var exitCode = await server.TerminateAsync(ExitLimit);
            Assert.True(exitCode is not null, $"the server still ran {ExitLimit.TotalSeconds} s after SIGTERM:\n{server.LogTail(60)}");
            Assert.True(exitCode == 0, $"exit code {exitCode} after {clock.Elapsed.TotalSeconds:F1} s:\n{server.LogTail(60)}");

            // A clean close writes every memtable to a segment and drops the journals: the next start replays nothing.
            foreach (var disk in server.DataDirs)
            {
                var index = Path.Combine(disk, ".buckets", "index", bucket);
                Assert.True(File.Exists(Path.Combine(index, "manifest")), $"no index manifest in {index}");
                Assert.Empty(Directory.GetFiles(index, "journal-*"));
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
