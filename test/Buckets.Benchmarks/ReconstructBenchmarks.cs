using BenchmarkDotNet.Attributes;
using Buckets.Erasure;

namespace Buckets.Benchmarks;

/// <summary>
/// Reconstruction of M lost data shards (shards 0..M-1) of one cache-hot 1 MiB block from the K survivors,
/// rewritten in place, per kernel, against ISA-L on the same buffers (decode matrix from
/// <c>gf_invert_matrix</c> computed once in setup; <c>ec_init_tables</c> + <c>ec_encode_data</c> per operation).
/// Our side goes through the public <see cref="ReedSolomon.Reconstruct(ReadOnlySpan{Memory{byte}}, ReadOnlySpan{bool})"/>,
/// which caches its decode plan per loss pattern. Single-threaded.
/// </summary>
[CategoriesColumn]
[BenchmarkCategory("Reconstruct")]
[BytesPerOperation(ErasureShape.BlockBytes)]
public unsafe class ReconstructBenchmarks
{
    private Stripe stripe = null!;
    private IsaLCodec isal = null!;
    private CodecSet codecs = null!;
    private bool[] present = [];

    public static IEnumerable<ErasureShape> Shapes => ErasureShape.KernelShapes;

    [ParamsSource(nameof(Shapes))]
    public ErasureShape Shape { get; set; } = ErasureShape.ScalarShape;

    [GlobalSetup]
    public void Setup()
    {
        stripe = new Stripe(Shape);
        stripe.FillData(new Random(42));
        codecs = new CodecSet(Shape);
        codecs[GaloisKernels.Fastest].Encode(stripe.Shards);

        present = new bool[Shape.TotalShards];
        present.AsSpan(Shape.ParityShards).Fill(true); // data shards 0..M-1 are lost

        if (IsaLCodec.IsAvailable)
        {
            isal = new IsaLCodec(Shape);
            isal.PrepareDataRecovery(stripe, Shape.ParityShards);
        }

        Verification.CheckReconstruction(stripe, present, isal, codecs);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        isal?.Dispose();
        stripe.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void IsaL() => isal.RecoverData(stripe.ShardLength);

    [Benchmark, GaloisKernel(GaloisKernelKind.Scalar)]
    public void Scalar() => codecs[GaloisKernelKind.Scalar].Reconstruct(stripe.Shards, present);

    [Benchmark, GaloisKernel(GaloisKernelKind.Avx2)]
    public void Avx2() => codecs[GaloisKernelKind.Avx2].Reconstruct(stripe.Shards, present);

    [Benchmark, GaloisKernel(GaloisKernelKind.Avx512)]
    public void Avx512() => codecs[GaloisKernelKind.Avx512].Reconstruct(stripe.Shards, present);

    [Benchmark, GaloisKernel(GaloisKernelKind.Gfni)]
    public void Gfni() => codecs[GaloisKernelKind.Gfni].Reconstruct(stripe.Shards, present);
}
