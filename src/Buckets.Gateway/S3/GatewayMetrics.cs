using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Buckets.Gateway.S3;

/// <summary>The gateway's OpenTelemetry instruments: requests, bytes and latency per S3 operation.</summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Buckets.Gateway";

    private readonly Meter meter;
    private readonly Counter<long> requests;
    private readonly Counter<long> bytesReceived;
    private readonly Counter<long> bytesSent;
    private readonly Histogram<double> duration;

    public GatewayMetrics(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
        requests = meter.CreateCounter<long>("buckets.s3.requests", description: "S3 requests by operation and HTTP status");
        bytesReceived = meter.CreateCounter<long>("buckets.s3.bytes_received", "By", "Object bytes received by operation");
        bytesSent = meter.CreateCounter<long>("buckets.s3.bytes_sent", "By", "Object bytes sent by operation");
        duration = meter.CreateHistogram<double>("buckets.s3.request.duration", "s", "S3 request latency by operation",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    public static ActivitySource Tracing { get; } = new(MeterName);

    public void Record(S3Operation operation, int status, double seconds, long received, long sent)
    {
        var op = new KeyValuePair<string, object?>("operation", operation.ToString());
        requests.Add(1, op, new KeyValuePair<string, object?>("status", status));
        duration.Record(seconds, op);
        if (received > 0)
        {
            bytesReceived.Add(received, op);
        }

        if (sent > 0)
        {
            bytesSent.Add(sent, op);
        }
    }

    public void Dispose() => meter.Dispose();
}
