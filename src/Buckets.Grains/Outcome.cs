namespace Buckets.Grains;

/// <summary>What one disk answered to one fanned-out call.</summary>
internal readonly record struct Outcome<T>(bool Succeeded, T? Value, Exception? Error);
