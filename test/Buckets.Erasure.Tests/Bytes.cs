using Xunit;

namespace Buckets.Erasure.Tests;

/// <summary>Byte-buffer assertions that stay fast on megabytes and say where buffers differ.</summary>
internal static class Bytes
{
    public static void Equal(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string context)
    {
        if (expected.SequenceEqual(actual))
        {
            return;
        }

        if (expected.Length != actual.Length)
        {
            Assert.Fail($"{context}: expected {expected.Length} bytes, got {actual.Length}.");
        }

        var index = expected.CommonPrefixLength(actual);
        Assert.Fail($"{context}: first difference at byte {index} of {expected.Length}: expected 0x{expected[index]:x2}, got 0x{actual[index]:x2}.");
    }
}
