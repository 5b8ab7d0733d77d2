using System.Diagnostics;
using System.Globalization;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>A big object through the default SDK client: streamed both ways, never held whole by the test, checked by SHA-256.</summary>
[Collection(ServerCollection.Name)]
public sealed class LargeObjectTests(BucketsServer server) : ServerTest(server)
{
    private const long MiB = 1024 * 1024;
    private const long Size = 200 * MiB;
    private const ulong Seed = 0x5EED_B0C4E7;

    [Fact]
    public async Task A_200_MiB_object_streams_up_and_down_with_the_same_SHA256()
    {
        var bucket = await CreateBucketAsync("large");
        var hwmBefore = Server.ProcStatusKiB("VmHWM");
        var rssBefore = Server.ProcStatusKiB("VmRSS");
        var peakReset = TryResetPeakRss();
        using var sampling = new CancellationTokenSource();
        var sampler = SamplePeakRssAsync(sampling.Token);

        var clock = Stopwatch.StartNew();
        var source = new SeededStream(Seed, Size);
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "large/object.bin", InputStream = source }, Cancel);
        var upload = clock.Elapsed;
        AssertRequestId(put);
        var uploadedSha256 = source.Sha256;
        Assert.NotNull(uploadedSha256);
        Assert.Equal($"\"{Convert.ToHexStringLower(source.Md5!)}\"", put.ETag);

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "large/object.bin" }, Cancel);
        Assert.Equal(Size, head.ContentLength);

        clock.Restart();
        DownloadCheck downloaded;
        using (var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "large/object.bin" }, Cancel))
        {
            AssertRequestId(get);
            Assert.Equal(Size, get.ContentLength);
            downloaded = await DownloadCheck.ReadAsync(get.ResponseStream, Seed, 0, Cancel);
        }

        var download = clock.Elapsed;
        await sampling.CancelAsync();
        var sampledPeak = await sampler;
        var hwmAfter = Server.ProcStatusKiB("VmHWM");

        var report = string.Create(CultureInfo.InvariantCulture,
            $"200 MiB: upload {upload.TotalSeconds:F1} s ({Size / MiB / upload.TotalSeconds:F0} MiB/s, {source.Rewinds} rewinds), " +
            $"download {download.TotalSeconds:F1} s ({Size / MiB / download.TotalSeconds:F0} MiB/s); server VmRSS before {rssBefore / 1024} MiB, VmHWM before {hwmBefore / 1024} MiB, " +
            $"after {hwmAfter / 1024} MiB (peak {(peakReset ? "reset before the test" : "over the server's life")}), sampled peak VmRSS during the test {sampledPeak / 1024} MiB");
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        TestContext.Current.AddAttachment("server-memory", report);

        Assert.Equal(Size, downloaded.Length);
        Assert.Null(downloaded.FirstMismatch);
        Assert.Equal(Convert.ToHexStringLower(uploadedSha256), downloaded.Sha256);

        // The server streams: whatever its garbage collector keeps around, it never holds the object whole.
        if (peakReset)
        {
            Assert.True((hwmAfter - rssBefore) * 1024 < Size, report);
        }
    }

    [Fact]
    public async Task A_range_deep_inside_a_large_object_is_served_from_its_blocks()
    {
        var bucket = await CreateBucketAsync("largerange");
        const long size = 40 * MiB;
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "big", InputStream = new SeededStream(Seed + 1, size) }, Cancel);
        var first = (37 * MiB) - 5;
        var last = (39 * MiB) + 5;

        using var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "big", ByteRange = new ByteRange(first, last) }, Cancel);
        var check = await DownloadCheck.ReadAsync(get.ResponseStream, Seed + 1, first, Cancel);

        Assert.Equal(last - first + 1, check.Length);
        Assert.Null(check.FirstMismatch);
    }

    [Fact]
    public async Task A_128_MiB_copy_reads_back_identical_and_holds_little_memory()
    {
        const long size = 128 * MiB;
        var bucket = await CreateBucketAsync("largecopy");
        var source = new SeededStream(Seed + 2, size);
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "source.bin", InputStream = source }, Cancel);
        var rssBefore = Server.ProcStatusKiB("VmRSS");
        var peakReset = TryResetPeakRss();

        var clock = Stopwatch.StartNew();
        var copy = await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "source.bin",
            DestinationBucket = bucket,
            DestinationKey = "copy.bin",
        }, Cancel);
        var elapsed = clock.Elapsed;
        var hwmAfter = Server.ProcStatusKiB("VmHWM");

        var report = string.Create(CultureInfo.InvariantCulture,
            $"128 MiB copy: {elapsed.TotalSeconds:F1} s ({size / MiB / elapsed.TotalSeconds:F0} MiB/s); server VmRSS before {rssBefore / 1024} MiB, " +
            $"VmHWM after {hwmAfter / 1024} MiB (peak {(peakReset ? "reset before the copy" : "over the server's life")})");
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        TestContext.Current.AddAttachment("server-memory-copy", report);
        Assert.Equal(put.ETag, copy.ETag);
        if (peakReset)
        {
            Assert.True((hwmAfter - rssBefore) * 1024 < size / 2, report);
        }

        using var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "copy.bin" }, Cancel);
        var check = await DownloadCheck.ReadAsync(get.ResponseStream, Seed + 2, 0, Cancel);
        Assert.Equal(size, check.Length);
        Assert.Null(check.FirstMismatch);
        Assert.Equal(Convert.ToHexStringLower(source.Sha256!), check.Sha256);
    }

    /// <summary>Linux resets a process's VmHWM when 5 is written to its clear_refs.</summary>
    private bool TryResetPeakRss()
    {
        try
        {
            File.WriteAllText($"/proc/{Server.ProcessId}/clear_refs", "5");
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private async Task<long> SamplePeakRssAsync(CancellationToken stop)
    {
        long peak = 0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, Server.ProcStatusKiB("VmRSS"));
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return peak;
    }
}
