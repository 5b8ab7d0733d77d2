using System.Reflection;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Buckets.Benchmarks;

/// <summary>Throughput figures derived from a summary: bytes per operation over the mean time.</summary>
internal static class Throughput
{
    private const double BytesPerGiB = 1024.0 * 1024.0 * 1024.0;

    /// <summary>The <see cref="BytesPerOperationAttribute"/> of the method, else of its class.</summary>
    public static long? BytesPerOperation(BenchmarkCase benchmarkCase) =>
        (benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerOperationAttribute>()
            ?? benchmarkCase.Descriptor.Type.GetCustomAttribute<BytesPerOperationAttribute>())?.Bytes;

    /// <summary>Mean time per operation in nanoseconds, or null when the benchmark has no valid result.</summary>
    public static double? MeanNanoseconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Mean is { } mean && mean > 0 ? mean : null;

    /// <summary>Input GiB (2^30 bytes) per second.</summary>
    public static double? GiBPerSecond(Summary summary, BenchmarkCase benchmarkCase) =>
        BytesPerOperation(benchmarkCase) is { } bytes && MeanNanoseconds(summary, benchmarkCase) is { } mean
            ? bytes / BytesPerGiB / (mean * 1e-9)
            : null;

    /// <summary>
    /// Throughput relative to the baseline (ISA-L) of the same logical group, i.e. baseline mean / this mean:
    /// above 1 means faster than ISA-L.
    /// </summary>
    public static double? VersusBaseline(Summary summary, BenchmarkCase benchmarkCase)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        return baseline is not null
               && MeanNanoseconds(summary, baseline) is { } baselineMean
               && MeanNanoseconds(summary, benchmarkCase) is { } mean
            ? baselineMean / mean
            : null;
    }
}
