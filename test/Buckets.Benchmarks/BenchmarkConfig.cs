using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Buckets.Benchmarks;

/// <summary>
/// One short job for the whole suite (1 launch, 3 warm-up + 8 measured iterations of ~250 ms; with
/// <c>--quick</c> 1 + 3 of ~100 ms), the GiB/s and x ISA-L columns, and one logical group per category and
/// layout so that each layout's ISA-L benchmark is the baseline of its row group.
/// </summary>
internal sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig(bool quick, bool scalarEverywhere)
    {
        Add(DefaultConfig.Instance);

        var job = quick
            ? Job.Default.WithId("Quick").WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
                .WithIterationTime(TimeInterval.FromMilliseconds(100))
            : Job.Default.WithId("Short").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8)
                .WithIterationTime(TimeInterval.FromMilliseconds(250));
        AddJob(job.AsDefault());

        AddColumn(GiBPerSecondColumn.Instance, VersusIsaLColumn.Instance);
        AddFilter(new SupportedBenchmarksFilter(scalarEverywhere));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
        HideColumns(Column.Job, Column.Error, Column.Gen0, Column.Gen1, Column.Gen2);
    }
}
