using Xunit;

namespace Buckets.Storage.Tests;

public sealed class AlignedBufferPoolTests
{
    [Theory]
    [InlineData(4096, 4096)]
    [InlineData(528384, 4096)]
    [InlineData(36864, 65536)]
    [InlineData(100, 1)]
    public unsafe void A_rented_buffer_has_the_length_asked_for_and_starts_on_an_aligned_address(int length, int alignment)
    {
        // Several at once, so they cannot all be the same array that happens to be aligned.
        var rented = Enumerable.Range(0, 8).Select(_ => AlignedBufferPool.Rent(length, alignment)).ToArray();
        try
        {
            foreach (var buffer in rented)
            {
                Assert.Equal(length, buffer.Count);
                Assert.Equal(length + alignment - 1, buffer.Array!.Length);
                fixed (byte* first = buffer.AsSpan())
                {
                    Assert.Equal(0u, (nuint)first % (nuint)alignment);
                }
            }
        }
        finally
        {
            foreach (var buffer in rented)
            {
                AlignedBufferPool.Return(buffer.Array!);
            }
        }
    }

    [Fact]
    public unsafe void A_returned_array_is_handed_out_again_at_the_same_aligned_start()
    {
        // A length no other test rents, so no other test can take the array in between.
        const int length = (7 * 4096) + 4096;
        var first = AlignedBufferPool.Rent(length, 4096);
        AlignedBufferPool.Return(first.Array!);

        var second = AlignedBufferPool.Rent(length, 4096);
        AlignedBufferPool.Return(second.Array!);

        Assert.Same(first.Array, second.Array);
        Assert.Equal(first.Offset, second.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4095)]
    public void An_alignment_that_is_not_a_power_of_two_is_refused(int alignment) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignedBufferPool.Rent(4096, alignment));
}
