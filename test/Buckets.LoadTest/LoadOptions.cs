using System.Globalization;

namespace Buckets.LoadTest;

/// <summary>Command-line settings of a load run.</summary>
public sealed record LoadOptions
{
    public string Endpoint { get; init; } = "http://127.0.0.1:9000";
    public string AccessKey { get; init; } = Environment.GetEnvironmentVariable("BUCKETS_ROOT_USER") ?? "bucketsadmin";
    public string SecretKey { get; init; } = Environment.GetEnvironmentVariable("BUCKETS_ROOT_PASSWORD") ?? "bucketsadmin-dev-only";
    public string Region { get; init; } = "us-east-1";
    public string Bucket { get; init; } = "loadtest";
    public string Mode { get; init; } = "put";
    public string Client { get; init; } = "raw";
    public long Size { get; init; } = 4096;
    public int Concurrency { get; init; } = 16;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;
    public int Keys { get; init; } = 256;
    public string KeyPrefix { get; init; } = "obj";
    public double VerifyFraction { get; init; } = 0.05;
    public int? ServerPid { get; init; }

    public const string Usage = """
        buckets-loadtest [--endpoint URL] [--access-key K] [--secret-key S] [--bucket B]
                         [--mode put|get|mixed] [--client raw|sdk] [--size 4KiB|1MiB|64MiB]
                         [--concurrency N] [--duration 10s] [--warmup 0s] [--keys N] [--key-prefix obj]
                         [--verify 0.05] [--server-pid PID]
        raw: HttpClient + SigV4 with UNSIGNED-PAYLOAD (cheap on the client); sdk: AWSSDK.S3 with its defaults.
        PUT mode: each worker cycles through --keys keys of its own, so a run longer than --keys PUTs per worker
        overwrites; a large --keys and a --key-prefix not used before make every PUT create a new key.
        --warmup runs the same workload for that long first, unmeasured (PUTs to keys of their own), so a fresh server's
        JIT tiering is out of the figures.
        GET mode first writes --keys objects, then reads them at random. A sample of reads (--verify) is compared byte for byte.
        API benchmarks (raw client): list (writes --keys small objects, then walks ListObjectsV2 in pages of 1,000 with and
        without a delimiter), multipart (--size in 16 MiB parts, --concurrency parts at a time, --keys uploads),
        complete (--keys parts of 5 MiB, then CompleteMultipartUpload timed), copy (--size object, copied --keys times).
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--endpoint" => options with { Endpoint = value },
                "--access-key" => options with { AccessKey = value },
                "--secret-key" => options with { SecretKey = value },
                "--region" => options with { Region = value },
                "--bucket" => options with { Bucket = value },
                "--mode" => options with { Mode = value },
                "--client" => options with { Client = value },
                "--size" => options with { Size = ParseSize(value) },
                "--concurrency" => options with { Concurrency = int.Parse(value, CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(double.Parse(value.TrimEnd('s'), CultureInfo.InvariantCulture)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(value.TrimEnd('s'), CultureInfo.InvariantCulture)) },
                "--keys" => options with { Keys = int.Parse(value, CultureInfo.InvariantCulture) },
                "--key-prefix" => options with { KeyPrefix = value },
                "--verify" => options with { VerifyFraction = double.Parse(value, CultureInfo.InvariantCulture) },
                "--server-pid" => options with { ServerPid = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        if (options.Mode is not ("put" or "get" or "mixed" or "list" or "multipart" or "complete" or "copy") || options.Client is not ("raw" or "sdk"))
        {
            throw new ArgumentException("--mode is put, get, mixed, list, multipart, complete or copy; --client is raw or sdk.");
        }

        return options;
    }

    public static long ParseSize(string text)
    {
        var units = new (string Suffix, long Factor)[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("B", 1) };
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return (long)(double.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * factor);
            }
        }

        return long.Parse(text, CultureInfo.InvariantCulture);
    }
}
