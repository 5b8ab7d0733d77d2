using BenchmarkDotNet.Attributes;
using Buckets.Erasure;

namespace Buckets.Benchmarks;

/// <summary>
/// Encode of one cache-hot 1 MiB block (K data shards of ceil(1 MiB / K) bytes -> M parity shards), per kernel,
/// against ISA-L <c>ec_encode_data</c> on the same buffers. Single-threaded.
/// </summary>
[CategoriesColumn]
[BenchmarkCategory("Encode")]
[BytesPerOperation(ErasureShape.BlockBytes)]
public unsafe class EncodeBenchmarks
{
    private Stripe stripe = null!;
    private IsaLCodec isal = null!;
    private CodecSet codecs = null!;

    public static IEnumerable<ErasureShape> Shapes => ErasureShape.KernelShapes;

    [ParamsSource(nameof(Shapes))]
    public ErasureShape Shape { get; set; } = ErasureShape.ScalarShape;

    [GlobalSetup]
    public void Setup()
    {
        stripe = new Stripe(Shape);
        stripe.FillData(new Random(42));
        codecs = new CodecSet(Shape);
        if (IsaLCodec.IsAvailable)
        {
            isal = new IsaLCodec(Shape);
            Verification.CheckEncodeMatchesIsaL(stripe, isal, codecs);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        isal?.Dispose();
        stripe.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void IsaL() => isal.Encode(stripe.Pointers, stripe.ShardLength);

    [Benchmark, GaloisKernel(GaloisKernelKind.Scalar)]
    public void Scalar() => codecs[GaloisKernelKind.Scalar].Encode(stripe.Shards);

    [Benchmark, GaloisKernel(GaloisKernelKind.Avx2)]
    public void Avx2() => codecs[GaloisKernelKind.Avx2].Encode(stripe.Shards);

    [Benchmark, GaloisKernel(GaloisKernelKind.Avx512)]
    public void Avx512() => codecs[GaloisKernelKind.Avx512].Encode(stripe.Shards);

    [Benchmark, GaloisKernel(GaloisKernelKind.Gfni)]
    public void Gfni() => codecs[GaloisKernelKind.Gfni].Encode(stripe.Shards);
}
