using BenchmarkDotNet.Attributes;
using Buckets.Erasure;

namespace Buckets.Benchmarks;

/// <summary>
/// The whole streaming encoder: <see cref="ErasureEncoder.EncodeAsync"/> of a 64 MiB object from a
/// <see cref="MemoryStream"/> into K+M <see cref="Stream.Null"/> shard streams with 1 MiB blocks, i.e. copy in,
/// encode with the fastest kernel, XXH3-128 bitrot checksum of every shard block, write out. Both streams complete
/// synchronously, so this runs on one thread. An operation takes ~10 ms and the first few are much slower (tiered
/// JIT of the async path), so this class warms up longer and measures longer iterations than the kernel ones.
/// </summary>
[CategoriesColumn]
[MemoryDiagnoser]
[WarmupCount(10)]
[IterationTime(500)]
[BenchmarkCategory("Streaming")]
[BytesPerOperation(ObjectBytes)]
public class StreamingEncoderBenchmarks
{
    public const int ObjectBytes = 64 << 20;

    private MemoryStream source = null!;
    private ErasureEncoder encoder = null!;
    private Stream[] outputs = [];

    public static IEnumerable<ErasureShape> Shapes => ErasureShape.StreamingShapes;

    [ParamsSource(nameof(Shapes))]
    public ErasureShape Shape { get; set; } = ErasureShape.ScalarShape;

    [GlobalSetup]
    public void Setup()
    {
        var data = new byte[ObjectBytes];
        new Random(42).NextBytes(data);
        source = new MemoryStream(data, writable: false);
        var layout = new ErasureLayout(Shape.DataShards, Shape.ParityShards);
        encoder = new ErasureEncoder(layout, GaloisKernels.Fastest);
        outputs = Enumerable.Repeat(Stream.Null, layout.TotalShards).ToArray();

        // One real run into memory: every shard stream must come out at the documented length.
        var check = Enumerable.Range(0, layout.TotalShards).Select(_ => new MemoryStream()).ToArray();
        var size = encoder.EncodeAsync(source, check).GetAwaiter().GetResult();
        if (size != ObjectBytes || check.Any(s => s.Length != layout.ShardFileSize(ObjectBytes)))
        {
            throw new InvalidOperationException(
                $"{Shape}: encoder returned {size} bytes and shard streams of {string.Join(", ", check.Select(s => s.Length))}; "
                + $"expected {ObjectBytes} and {layout.ShardFileSize(ObjectBytes)} each.");
        }

        Console.WriteLine($"// Streaming encoder {Shape}, {GaloisKernels.Fastest} kernel");
    }

    [Benchmark]
    public Task<long> EncodeAsync()
    {
        source.Position = 0;
        return encoder.EncodeAsync(source, outputs);
    }
}
