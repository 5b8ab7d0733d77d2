using System.Text;
using Buckets.Abstractions;
using Buckets.Grains.Listing;
using Xunit;

namespace Buckets.Grains.Tests.Listing;

public sealed class Utf8OrderTests
{
    [Fact]
    public void Orders_strings_as_their_utf8_bytes_including_characters_beyond_the_bmp()
    {
        var random = new Random(3);
        string[] alphabet = ["a", "b", "/", "\u00e9", "\u4e2d", "\uE000", "\uFFFD", "\U0001F600", "\U00010000", "z"];
        var words = Enumerable.Range(0, 2000)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 5)).Select(_ => alphabet[random.Next(alphabet.Length)])))
            .ToList();

        var byBytes = words.OrderBy(w => Encoding.UTF8.GetBytes(w), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToList();
        var byOrder = words.OrderBy(w => w, Utf8Order.Instance).ToList();

        Assert.Equal(byBytes, byOrder);
        Assert.True(Utf8Order.Compare("\uE000", "\U0001F600") < 0);
        Assert.True(string.CompareOrdinal("\uE000", "\U0001F600") > 0);
    }
}
