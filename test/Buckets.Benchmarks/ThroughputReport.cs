using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Buckets.Benchmarks;

/// <summary>Prints one compact GiB/s line per benchmark after all summaries, for copying into docs.</summary>
internal static class ThroughputReport
{
    public static void Print(IEnumerable<Summary> summaries, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("// * Throughput (input data GiB/s; x ISA-L = ISA-L mean / mean) *");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"Benchmark",-28} {"Method",-12} {"Layout",-6} {"GiB/s",8} {"x ISA-L",8}"));
        foreach (var summary in summaries)
        {
            foreach (var benchmarkCase in summary.BenchmarksCases)
            {
                var layout = string.Join(",", benchmarkCase.Parameters.Items.Select(p => p.Value?.ToString()));
                var gib = Throughput.GiBPerSecond(summary, benchmarkCase);
                var ratio = Throughput.VersusBaseline(summary, benchmarkCase);
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{benchmarkCase.Descriptor.Type.Name,-28} {benchmarkCase.Descriptor.WorkloadMethod.Name,-12} {(layout.Length == 0 ? "8+4" : layout),-6} {(gib is { } g ? g.ToString("F2", CultureInfo.InvariantCulture) : "NA"),8} {(ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-"),8}"));
            }
        }
    }
}
