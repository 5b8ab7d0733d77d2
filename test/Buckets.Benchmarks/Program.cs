using BenchmarkDotNet.Running;
using Buckets.Erasure;

namespace Buckets.Benchmarks;

/// <summary>
/// Erasure-coding benchmarks for Buckets.Erasure against Intel ISA-L. Run from the repository root, in Release:
/// <code>
/// dotnet run -c Release --project test/Buckets.Benchmarks -- --filter '*'                  # whole suite (~5 min)
/// dotnet run -c Release --project test/Buckets.Benchmarks -- --filter '*EncodeBenchmarks*' # one class
/// dotnet run -c Release --project test/Buckets.Benchmarks -- --quick --filter '*'          # fewer, shorter iterations
/// dotnet run -c Release --project test/Buckets.Benchmarks -- --scalar-all --filter '*'     # scalar at every layout too
/// </code>
/// Any other BenchmarkDotNet option (--list flat, --anyCategories Encode, --join, ...) is passed through.
/// See README.md next to this file.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var quick = args.Contains("--quick", StringComparer.OrdinalIgnoreCase);
        var scalarEverywhere = args.Contains("--scalar-all", StringComparer.OrdinalIgnoreCase);
        var benchmarkArgs = args
            .Where(a => !a.Equals("--quick", StringComparison.OrdinalIgnoreCase) && !a.Equals("--scalar-all", StringComparison.OrdinalIgnoreCase))
            .ToArray();

        Console.WriteLine($"// Erasure kernels supported here: {string.Join(", ", GaloisKernels.All.Where(GaloisKernels.IsSupported))}; fastest = {GaloisKernels.Fastest}");
        if (!IsaL.IsAvailable)
        {
            Console.WriteLine($"// WARNING: {IsaL.LibraryName} cannot be loaded (apt-get install libisal-dev); ISA-L baselines are skipped.");
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
            .Run(benchmarkArgs, new BenchmarkConfig(quick, scalarEverywhere))
            .ToArray();

        if (summaries.Length > 0)
        {
            ThroughputReport.Print(summaries, Console.Out);
        }

        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
