using BenchmarkDotNet.Attributes;
using Buckets.Erasure;

namespace Buckets.Benchmarks;

/// <summary>
/// Cache-cold 8+4 encode: each operation encodes the next 1 MiB block of a ring of 256 stripes
/// (256 MiB of data + 128 MiB of parity, far beyond any cache), so data comes from and parity goes to DRAM.
/// Our fastest kernel against ISA-L over the same ring. Single-threaded.
/// </summary>
[CategoriesColumn]
[BenchmarkCategory("EncodeCold")]
[BytesPerOperation(ErasureShape.BlockBytes)]
public unsafe class ColdEncodeBenchmarks
{
    /// <summary>Total input data in the ring.</summary>
    public const int RingDataBytes = 256 << 20;

    private static readonly ErasureShape Shape = ErasureShape.ScalarShape; // 8+4

    private Stripe[] ring = [];
    private IsaLCodec isal = null!;
    private ReedSolomon codec = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        ring = new Stripe[RingDataBytes / ErasureShape.BlockBytes];
        for (var i = 0; i < ring.Length; i++)
        {
            ring[i] = new Stripe(Shape);
            ring[i].FillData(random);
        }

        codec = new ReedSolomon(Shape.DataShards, Shape.ParityShards, GaloisKernels.Fastest);
        if (IsaLCodec.IsAvailable)
        {
            isal = new IsaLCodec(Shape);
            Verification.CheckEncodeMatchesIsaL(ring[0], isal, new CodecSet(Shape));
        }

        Console.WriteLine($"// Cold ring: {ring.Length} stripes of {Shape}, ours = {codec.Kernel} kernel");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        isal?.Dispose();
        foreach (var stripe in ring)
        {
            stripe.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public void IsaL()
    {
        var stripe = Next();
        isal.Encode(stripe.Pointers, stripe.ShardLength);
    }

    /// <summary>Ours with <see cref="GaloisKernels.Fastest"/> (Gfni where the CPU has GFNI + AVX-512).</summary>
    [Benchmark]
    public void Fastest() => codec.Encode(Next().Shards);

    private Stripe Next()
    {
        var stripe = ring[next];
        next = next + 1 == ring.Length ? 0 : next + 1;
        return stripe;
    }
}
