using System.Globalization;

namespace Buckets.LoadTest;

public sealed record OperationStats(long Count, double OpsPerSecond, double MiBPerSecond, double P50Milliseconds, double P99Milliseconds)
{
    public static OperationStats From(IEnumerable<double> milliseconds, long size, TimeSpan elapsed)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new OperationStats(0, 0, 0, 0, 0);
        }

        var rate = sorted.Length / elapsed.TotalSeconds;
        return new OperationStats(sorted.Length, rate, rate * size / (1 << 20), Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Count} ops  {OpsPerSecond:F0} ops/s  {MiBPerSecond:F1} MiB/s  p50 {P50Milliseconds:F2} ms  p99 {P99Milliseconds:F2} ms");

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
