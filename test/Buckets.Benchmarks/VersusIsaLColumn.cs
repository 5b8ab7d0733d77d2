using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Buckets.Benchmarks;

/// <summary>
/// The "x ISA-L" column: throughput relative to the ISA-L baseline of the same layout and operation
/// (baseline mean / mean; above 1 = faster than ISA-L). BenchmarkDotNet's own Ratio column is the inverse.
/// </summary>
internal sealed class VersusIsaLColumn : IColumn
{
    public static readonly IColumn Instance = new VersusIsaLColumn();

    public string Id => nameof(VersusIsaLColumn);

    public string ColumnName => "x ISA-L";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Throughput relative to the ISA-L baseline of the same layout (ISA-L mean / mean; >1 = faster)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Throughput.VersusBaseline(summary, benchmarkCase) is { } value ? value.ToString("F2", style.CultureInfo) : "-";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(summary.IsBaseline);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
