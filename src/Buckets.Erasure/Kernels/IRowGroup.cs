namespace Buckets.Erasure.Kernels;

/// <summary>
/// How many output rows one pass of a vector kernel accumulates. A type rather than an int so the JIT
/// specializes the loop per count and keeps every accumulator in a register.
/// </summary>
internal interface IRowGroup
{
    static abstract int Count { get; }
}
