using System.Runtime.Intrinsics;
using Buckets.Erasure.Kernels;

namespace Buckets.Erasure;

/// <summary>Which kernels this CPU runs, and which one a codec uses unless told otherwise.</summary>
public static class GaloisKernels
{
    /// <summary>
    /// Forces a kernel for the whole process: <c>scalar</c>, <c>avx2</c>, <c>avx512</c>, <c>gfni</c> or
    /// <c>auto</c>. Tests and benchmarks use it to run each path; operators use it to rule out a suspect one.
    /// </summary>
    public const string EnvironmentVariable = "BUCKETS_ERASURE_KERNEL";

    private static readonly GaloisKernel?[] Instances =
    [
        ScalarKernel.Instance,
        Avx2Multiplier.IsSupported ? new VectorKernel<Vector256<byte>, Avx2Multiplier>(GaloisKernelKind.Avx2) : null,
        Avx512Multiplier.IsSupported ? new VectorKernel<Vector512<byte>, Avx512Multiplier>(GaloisKernelKind.Avx512) : null,
        GfniMultiplier.IsSupported ? new VectorKernel<Vector512<byte>, GfniMultiplier>(GaloisKernelKind.Gfni) : null,
    ];

    private static readonly Lazy<GaloisKernelKind> DefaultKind = new(ReadDefault);

    /// <summary>Every kernel the library has, supported here or not.</summary>
    public static IReadOnlyList<GaloisKernelKind> All { get; } = Enum.GetValues<GaloisKernelKind>();

    /// <summary>The fastest kernel this CPU supports.</summary>
    public static GaloisKernelKind Fastest
    {
        get
        {
            for (var i = Instances.Length - 1; i >= 0; i--)
            {
                if (Instances[i] is not null)
                {
                    return (GaloisKernelKind)i;
                }
            }

            return GaloisKernelKind.Scalar;
        }
    }

    /// <summary>The kernel named by <see cref="EnvironmentVariable"/>, or <see cref="Fastest"/>.</summary>
    public static GaloisKernelKind Default => DefaultKind.Value;

    /// <summary>True when this CPU and runtime can run <paramref name="kind"/>.</summary>
    public static bool IsSupported(GaloisKernelKind kind) =>
        (uint)kind < (uint)Instances.Length && Instances[(int)kind] is not null;

    /// <summary>Parses a kernel name as the environment variable and options spell it.</summary>
    public static GaloisKernelKind? Parse(string? name) =>
        name?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => null,
            "scalar" => GaloisKernelKind.Scalar,
            "avx2" => GaloisKernelKind.Avx2,
            "avx512" or "avx512bw" => GaloisKernelKind.Avx512,
            "gfni" => GaloisKernelKind.Gfni,
            _ => throw new ArgumentException(
                $"Unknown erasure kernel '{name}'; expected scalar, avx2, avx512, gfni or auto.", nameof(name)),
        };

    internal static GaloisKernel Get(GaloisKernelKind kind) =>
        IsSupported(kind)
            ? Instances[(int)kind]!
            : throw new NotSupportedException($"The {kind} erasure kernel is not supported by this CPU.");

    private static GaloisKernelKind ReadDefault()
    {
        var forced = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));
        if (forced is { } kind && !IsSupported(kind))
        {
            throw new NotSupportedException(
                $"{EnvironmentVariable}={kind} asks for a kernel this CPU does not support.");
        }

        return forced ?? Fastest;
    }
}
