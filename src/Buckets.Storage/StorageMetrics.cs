using System.Diagnostics.Metrics;

namespace Buckets.Storage;

/// <summary>
/// Storage instruments (meter <c>Buckets.Storage</c>): how many <c>syncfs</c> batches run, how many durable
/// writes they carry and how long each takes (requests divided by syncs is the mean batch size); how many shard
/// chunks went to the device directly, and how many of those needed a staging copy (buffers not aligned).
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "Buckets.Storage";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Syncs =
        Meter.CreateCounter<long>("buckets.storage.syncs", description: "syncfs calls made by the group-commit barriers");

    internal static readonly Counter<long> SyncRequests =
        Meter.CreateCounter<long>("buckets.storage.sync_requests", description: "Writes that waited for a group-commit sync");

    internal static readonly Counter<long> DirectWrites =
        Meter.CreateCounter<long>("buckets.storage.direct_writes", description: "Shard chunks written with direct I/O");

    internal static readonly Counter<long> StagedDirectWrites = Meter.CreateCounter<long>(
        "buckets.storage.direct_writes.staged", description: "Direct shard writes whose bytes were first copied into an aligned staging buffer");

    internal static readonly Histogram<double> SyncDuration = Meter.CreateHistogram<double>(
        "buckets.storage.sync.duration", "s", "Time one syncfs of a group-commit batch took",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5] });
}
