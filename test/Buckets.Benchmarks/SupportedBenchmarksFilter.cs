using System.Reflection;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using Buckets.Erasure;

namespace Buckets.Benchmarks;

/// <summary>
/// Drops benchmarks this machine cannot run or that the run does not want: kernels the CPU does not support,
/// the slow scalar kernel at layouts other than 8+4 (unless <c>--scalar-all</c>), and ISA-L baselines when
/// libisal.so.2 cannot be loaded.
/// </summary>
internal sealed class SupportedBenchmarksFilter(bool scalarEverywhere) : IFilter
{
    public bool Predicate(BenchmarkCase benchmarkCase)
    {
        var method = benchmarkCase.Descriptor.WorkloadMethod;
        if (method.GetCustomAttribute<GaloisKernelAttribute>() is { } kernel)
        {
            if (!GaloisKernels.IsSupported(kernel.Kind))
            {
                return false;
            }

            if (kernel.Kind == GaloisKernelKind.Scalar && !scalarEverywhere)
            {
                var shape = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<ErasureShape>().FirstOrDefault();
                if (shape is not null && shape != ErasureShape.ScalarShape)
                {
                    return false;
                }
            }
        }

        return !benchmarkCase.Descriptor.Baseline || IsaL.IsAvailable;
    }
}
