namespace Buckets.Benchmarks;

/// <summary>
/// Input data bytes one benchmark invocation processes; the "GiB/s" column divides it by the mean time.
/// Put it on a benchmark class, or on a method to override the class's value.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
public sealed class BytesPerOperationAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}
