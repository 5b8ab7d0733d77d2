using Buckets.Erasure;

namespace Buckets.Benchmarks;

/// <summary>One <see cref="ReedSolomon"/> per kernel this CPU supports, for one layout.</summary>
internal sealed class CodecSet
{
    private readonly ReedSolomon?[] codecs;

    public CodecSet(ErasureShape shape)
    {
        codecs = new ReedSolomon?[GaloisKernels.All.Count];
        foreach (var kind in GaloisKernels.All)
        {
            if (GaloisKernels.IsSupported(kind))
            {
                codecs[(int)kind] = new ReedSolomon(shape.DataShards, shape.ParityShards, kind);
            }
        }
    }

    /// <summary>The supported kernels, slowest first.</summary>
    public IEnumerable<ReedSolomon> Supported => codecs.OfType<ReedSolomon>();

    public ReedSolomon this[GaloisKernelKind kind] =>
        codecs[(int)kind] ?? throw new NotSupportedException($"The {kind} kernel is not supported on this CPU.");
}
