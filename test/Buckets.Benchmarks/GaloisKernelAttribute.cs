using Buckets.Erasure;

namespace Buckets.Benchmarks;

/// <summary>
/// Marks a benchmark method as exercising one <see cref="GaloisKernelKind"/>, so that
/// <see cref="SupportedBenchmarksFilter"/> can drop it on a CPU that lacks the instructions.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GaloisKernelAttribute(GaloisKernelKind kind) : Attribute
{
    public GaloisKernelKind Kind { get; } = kind;
}
