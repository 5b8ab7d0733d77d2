using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Buckets.Hashing;

namespace Buckets.Benchmarks;

/// <summary>
/// The ETag's MD5 over 16 MiB split across <see cref="Streams"/> uploads, fed in 64 KiB pieces as the gateway feeds
/// them: the platform's MD5 (OpenSSL) one stream after another, against <see cref="Md5Lanes"/> hashing the streams
/// side by side. The GiB/s column is the aggregate.
/// </summary>
[CategoriesColumn]
[BenchmarkCategory("Md5")]
[BytesPerOperation(TotalBytes)]
public class Md5Benchmarks
{
    private const int TotalBytes = 16 << 20;
    private const int Piece = 64 << 10;

    private byte[][] data = [];
    private Md5Lanes lanes = null!;

    [Params(1, 2, 3, 4, 8, 16)]
    public int Streams { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        data = Enumerable.Range(0, Streams).Select(_ =>
        {
            var bytes = new byte[TotalBytes / Streams];
            random.NextBytes(bytes);
            return bytes;
        }).ToArray();
        lanes = new Md5Lanes();
        if (!Platform().SequenceEqual(Lanes()))
        {
            throw new InvalidOperationException("Md5Lanes disagrees with the platform's MD5.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => lanes.Dispose();

    [Benchmark(Baseline = true)]
    public byte[] Platform()
    {
        byte[] last = [];
        foreach (var stream in data)
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            for (var offset = 0; offset < stream.Length; offset += Piece)
            {
                md5.AppendData(stream.AsSpan(offset, Math.Min(Piece, stream.Length - offset)));
            }

            last = md5.GetHashAndReset();
        }

        return last;
    }

    [Benchmark]
    public byte[] Lanes()
    {
        var hashes = new Task<byte[]>[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            var md5 = lanes.Create();
            for (var offset = 0; offset < data[i].Length; offset += Piece)
            {
                md5.AppendAsync(data[i].AsMemory(offset, Math.Min(Piece, data[i].Length - offset)));
            }

            hashes[i] = md5.GetHashAsync();
        }

        return Task.WhenAll(hashes).GetAwaiter().GetResult()[^1];
    }
}
