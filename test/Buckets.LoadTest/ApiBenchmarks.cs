using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Buckets.LoadTest;

/// <summary>
/// The S3 API benchmarks beside the PUT/GET load: a walk of a large bucket's listing, a multipart upload, a
/// CompleteMultipartUpload of many parts, and a server-side copy. Each checks what it measured (every key once and in
/// order, the multipart ETag, the copy's ETag) so a fast wrong answer never counts.
/// </summary>
public sealed class ApiBenchmarks(LoadOptions options, RawS3Requests s3)
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";

    public async Task<string> RunAsync(CancellationToken cancel)
    {
        await CreateBucketAsync(cancel);
        return options.Mode switch
        {
            "list" => await ListAsync(cancel),
            "multipart" => await MultipartAsync(cancel),
            "complete" => await CompleteManyAsync(cancel),
            "copy" => await CopyAsync(cancel),
            _ => throw new ArgumentException($"Unknown API benchmark {options.Mode}."),
        };
    }

    /// <summary>
    /// 9 in 10 keys at the top level, 1 in 10 under one of 100 directories: without a delimiter the walk pages through
    /// every key; with "/" it pages through the top-level keys and 100 common prefixes, each skipped in one step.
    /// </summary>
    public static string ListingKey(int i) => i % 10 == 0 ? $"dir{i / 10 % 100:D2}/k{i:D6}" : $"k{i:D6}";

    private async Task<string> ListAsync(CancellationToken cancel)
    {
        var keys = options.Keys;
        var populate = Stopwatch.StartNew();
        var next = -1;
        var payload = new byte[16];
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < keys; i = Interlocked.Increment(ref next))
            {
                await s3.SendAsync(HttpMethod.Put, $"/{options.Bucket}/{ListingKey(i)}", content: RawS3Requests.Bytes(payload), cancellationToken: cancel);
            }
        }));
        var populated = populate.Elapsed;

        var expected = Enumerable.Range(0, keys).Select(ListingKey).Order(StringComparer.Ordinal).ToArray();
        var expectedRolled = expected.Where(k => !k.Contains('/', StringComparison.Ordinal))
            .Concat(expected.Where(k => k.Contains('/', StringComparison.Ordinal)).Select(k => k[..(k.IndexOf('/', StringComparison.Ordinal) + 1)]).Distinct())
            .Order(StringComparer.Ordinal)
            .ToArray();
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"list keys={keys} populated in {populated.TotalSeconds:F1}s ({keys / populated.TotalSeconds:F0} PUT/s at c{options.Concurrency})") };
        for (var round = 0; round < 2; round++)
        {
            lines.Add("  no delimiter: " + await WalkAsync(null, expected, cancel));
            lines.Add("  delimiter / : " + await WalkAsync("/", expectedRolled, cancel));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private async Task<string> WalkAsync(string? delimiter, string[] expected, CancellationToken cancel)
    {
        var seen = new List<string>(expected.Length);
        var pages = new List<double>();
        string? token = null;
        var walk = Stopwatch.StartNew();
        do
        {
            var query = new List<(string, string)> { ("list-type", "2"), ("max-keys", "1000") };
            if (delimiter is not null)
            {
                query.Add(("delimiter", delimiter));
            }

            if (token is not null)
            {
                query.Add(("continuation-token", token));
            }

            var started = Stopwatch.GetTimestamp();
            var (_, body) = await s3.SendAsync(HttpMethod.Get, $"/{options.Bucket}", query, cancellationToken: cancel);
            pages.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var xml = XDocument.Parse(Encoding.UTF8.GetString(body)).Root!;
            seen.AddRange(xml.Elements(S3 + "Contents").Select(c => c.Element(S3 + "Key")!.Value)
                .Concat(xml.Elements(S3 + "CommonPrefixes").Select(c => c.Element(S3 + "Prefix")!.Value))
                .Order(StringComparer.Ordinal));
            token = xml.Element(S3 + "IsTruncated")!.Value == "true" ? xml.Element(S3 + "NextContinuationToken")!.Value : null;
        }
        while (token is not null);

        var elapsed = walk.Elapsed;
        if (!seen.SequenceEqual(expected))
        {
            throw new InvalidDataException($"The walk returned {seen.Count} names, not the {expected.Length} expected in order.");
        }

        var sorted = pages.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{pages.Count} pages, {seen.Count} names (each once, in order) in {elapsed.TotalSeconds:F2}s; page p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]:F1} ms, max {sorted[^1]:F1} ms");
    }

    /// <summary>--size bytes in 16 MiB parts, --concurrency parts at a time, --keys uploads one after another.</summary>
    private async Task<string> MultipartAsync(CancellationToken cancel)
    {
        const int partSize = 16 << 20;
        var part = RandomBytes(partSize, 1);
        var lines = new List<string>();
        for (var run = 0; run < Math.Max(1, options.Keys); run++)
        {
            var key = $"multipart-{run}";
            var parts = (int)((options.Size + partSize - 1) / partSize);
            var started = Stopwatch.StartNew();
            var uploadId = await CreateUploadAsync(key, cancel);
            var etags = new string[parts];
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < parts; i = Interlocked.Increment(ref next))
                {
                    var length = (int)Math.Min(partSize, options.Size - ((long)i * partSize));
                    etags[i] = await UploadPartAsync(key, uploadId, i + 1, part.AsMemory(0, length), cancel);
                }
            }));
            var completeStarted = Stopwatch.GetTimestamp();
            var etag = await CompleteAsync(key, uploadId, etags, cancel);
            var complete = Stopwatch.GetElapsedTime(completeStarted);
            var elapsed = started.Elapsed;
            var expected = ExpectedMultipartEtag(etags);
            if (etag != expected)
            {
                throw new InvalidDataException($"CompleteMultipartUpload answered ETag {etag}, expected {expected}.");
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"multipart {options.Size >> 20} MiB in {parts} parts of 16 MiB, {options.Concurrency} at a time: {elapsed.TotalSeconds:F2}s = {options.Size / elapsed.TotalSeconds / (1 << 20):F0} MiB/s (complete {complete.TotalMilliseconds:F0} ms), ETag {etag}"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>An upload of --keys parts (5 MiB each, the smallest S3 allows but for the last), then its completion timed alone.</summary>
    private async Task<string> CompleteManyAsync(CancellationToken cancel)
    {
        const int partSize = 5 << 20;
        var part = RandomBytes(partSize, 2);
        var parts = Math.Max(1, options.Keys);
        var uploadId = await CreateUploadAsync("complete-many", cancel);
        var etags = new string[parts];
        var next = -1;
        var uploading = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < parts; i = Interlocked.Increment(ref next))
            {
                etags[i] = await UploadPartAsync("complete-many", uploadId, i + 1, part, cancel);
            }
        }));
        var uploaded = uploading.Elapsed;
        var started = Stopwatch.GetTimestamp();
        var etag = await CompleteAsync("complete-many", uploadId, etags, cancel);
        var complete = Stopwatch.GetElapsedTime(started);
        if (etag != ExpectedMultipartEtag(etags))
        {
            throw new InvalidDataException($"CompleteMultipartUpload answered ETag {etag}.");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"complete: {parts} parts of 5 MiB uploaded in {uploaded.TotalSeconds:F1}s ({(long)parts * partSize / uploaded.TotalSeconds / (1 << 20):F0} MiB/s at c{options.Concurrency}); CompleteMultipartUpload took {complete.TotalMilliseconds:F0} ms, ETag {etag}");
    }

    /// <summary>A --size object written once, then copied server-side --keys times, one copy at a time.</summary>
    private async Task<string> CopyAsync(CancellationToken cancel)
    {
        const int partSize = 64 << 20;
        var part = RandomBytes(partSize, 3);
        var uploadId = await CreateUploadAsync("copy-source", cancel);
        var parts = (int)((options.Size + partSize - 1) / partSize);
        var etags = new string[parts];
        for (var i = 0; i < parts; i++)
        {
            etags[i] = await UploadPartAsync("copy-source", uploadId, i + 1, part.AsMemory(0, (int)Math.Min(partSize, options.Size - ((long)i * partSize))), cancel);
        }

        await CompleteAsync("copy-source", uploadId, etags, cancel);
        var lines = new List<string>();
        for (var run = 0; run < Math.Max(1, options.Keys); run++)
        {
            var started = Stopwatch.StartNew();
            var (_, body) = await s3.SendAsync(HttpMethod.Put, $"/{options.Bucket}/copy-{run}", headers: [("x-amz-copy-source", $"/{options.Bucket}/copy-source")], cancellationToken: cancel);
            var elapsed = started.Elapsed;
            var etag = XDocument.Parse(Encoding.UTF8.GetString(body)).Root!.Element(S3 + "ETag")!.Value.Trim('"');
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"copy {options.Size >> 20} MiB: {elapsed.TotalSeconds:F2}s = {options.Size / elapsed.TotalSeconds / (1 << 20):F0} MiB/s, ETag {etag}"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private async Task CreateBucketAsync(CancellationToken cancel)
    {
        try
        {
            await s3.SendAsync(HttpMethod.Put, $"/{options.Bucket}", cancellationToken: cancel);
        }
        catch (HttpRequestException error) when (error.Message.Contains("BucketAlreadyOwnedByYou", StringComparison.Ordinal))
        {
        }
    }

    private async Task<string> CreateUploadAsync(string key, CancellationToken cancel)
    {
        var (_, body) = await s3.SendAsync(HttpMethod.Post, $"/{options.Bucket}/{key}", [("uploads", string.Empty)], cancellationToken: cancel);
        return XDocument.Parse(Encoding.UTF8.GetString(body)).Root!.Element(S3 + "UploadId")!.Value;
    }

    private async Task<string> UploadPartAsync(string key, string uploadId, int number, ReadOnlyMemory<byte> data, CancellationToken cancel)
    {
        var (response, _) = await s3.SendAsync(HttpMethod.Put, $"/{options.Bucket}/{key}",
            [("partNumber", number.ToString(CultureInfo.InvariantCulture)), ("uploadId", uploadId)], RawS3Requests.Bytes(data), cancellationToken: cancel);
        return response.Headers.ETag!.Tag.Trim('"');
    }

    private async Task<string> CompleteAsync(string key, string uploadId, string[] etags, CancellationToken cancel)
    {
        var document = new XElement("CompleteMultipartUpload",
            etags.Select((etag, i) => new XElement("Part", new XElement("PartNumber", i + 1), new XElement("ETag", $"\"{etag}\""))));
        var content = RawS3Requests.Bytes(Encoding.UTF8.GetBytes(document.ToString(SaveOptions.DisableFormatting)));
        var (_, body) = await s3.SendAsync(HttpMethod.Post, $"/{options.Bucket}/{key}", [("uploadId", uploadId)], content, cancellationToken: cancel);
        return XDocument.Parse(Encoding.UTF8.GetString(body)).Root!.Element(S3 + "ETag")!.Value.Trim('"');
    }

    private static string ExpectedMultipartEtag(string[] etags) =>
        $"{Convert.ToHexStringLower(MD5.HashData(etags.SelectMany(Convert.FromHexString).ToArray()))}-{etags.Length}";

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
