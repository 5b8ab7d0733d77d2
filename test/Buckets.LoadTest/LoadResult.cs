using System.Globalization;

namespace Buckets.LoadTest;

/// <summary>What a run measured, per operation: rate, throughput and latency percentiles.</summary>
public sealed record LoadResult(LoadOptions Options, TimeSpan Elapsed, OperationStats Put, OperationStats Get, long Verified, long Errors, string? FirstError)
{
    public static LoadResult From(LoadOptions options, IReadOnlyList<LoadRunner.Worker> workers, TimeSpan elapsed) => new(
        options,
        elapsed,
        OperationStats.From(workers.SelectMany(w => w.PutMilliseconds), options.Size, elapsed),
        OperationStats.From(workers.SelectMany(w => w.GetMilliseconds), options.Size, elapsed),
        workers.Sum(w => w.Verified),
        workers.Sum(w => w.Errors),
        workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null));

    public override string ToString()
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{Options.Mode} size={Options.Size} concurrency={Options.Concurrency} client={Options.Client} duration={Elapsed.TotalSeconds:F1}s"),
        };
        if (Put.Count > 0)
        {
            lines.Add("  PUT " + Put);
        }

        if (Get.Count > 0)
        {
            lines.Add("  GET " + Get);
        }

        lines.Add($"  verified reads: {Verified}, errors: {Errors}{(FirstError is null ? string.Empty : " (first: " + FirstError + ")")}");
        return string.Join(Environment.NewLine, lines);
    }
}
