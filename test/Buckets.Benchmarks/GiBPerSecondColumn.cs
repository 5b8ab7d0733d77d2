using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Buckets.Benchmarks;

/// <summary>The "GiB/s" column: input data bytes per operation divided by the mean time.</summary>
internal sealed class GiBPerSecondColumn : IColumn
{
    public static readonly IColumn Instance = new GiBPerSecondColumn();

    public string Id => nameof(GiBPerSecondColumn);

    public string ColumnName => "GiB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Input data throughput: data bytes per operation / mean time, in GiB (2^30 bytes) per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Throughput.GiBPerSecond(summary, benchmarkCase) is { } value ? value.ToString("F2", style.CultureInfo) : "NA";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
