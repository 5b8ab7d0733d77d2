using Xunit;

namespace Buckets.Erasure.Tests;

/// <summary>Any K of K+M shards rebuild the others, exactly; fewer than K is an error, never wrong data.</summary>
public sealed class ReconstructionTests
{
    // Odd, and not a multiple of any vector width, so every kernel's tail path runs too.
    private const int ShardLength = 1001;

    [Fact]
    public void Reconstructs_every_loss_pattern_of_2_plus_2() => ReconstructsEveryLossPattern(2, 2);

    [Fact]
    public void Reconstructs_every_loss_pattern_of_4_plus_2() => ReconstructsEveryLossPattern(4, 2);

    [Fact]
    public void Reconstructs_every_loss_pattern_of_8_plus_4() => ReconstructsEveryLossPattern(8, 4);

    [Fact]
    public void Reconstructs_200_random_loss_patterns_of_12_plus_4() => ReconstructsRandomLossPatterns(12, 4, 200);

    [Fact]
    public void Reconstructs_200_random_loss_patterns_of_16_plus_4() => ReconstructsRandomLossPatterns(16, 4, 200);

    [Fact]
    public void Reconstructs_every_loss_pattern_of_16_plus_4_with_small_shards()
    {
        // 6195 patterns: more than the codec caches decode plans for, so plans are evicted and rebuilt on the way.
        var codec = new ReedSolomon(16, 4);
        var original = EncodedStripe(codec, new Random(1604), 67);
        var patterns = 0;
        for (var lost = 1; lost <= 4; lost++)
        {
            foreach (var missing in TestData.Combinations(20, lost))
            {
                AssertReconstructs(codec, original, missing);
                patterns++;
            }
        }

        Assert.Equal(6195, patterns);
    }

    [Fact]
    public void One_codec_reconstructs_correctly_from_many_threads_at_once()
    {
        var codec = new ReedSolomon(8, 4);
        var original = EncodedStripe(codec, new Random(84), ShardLength);
        var patterns = Enumerable.Range(1, 4).SelectMany(lost => TestData.Combinations(12, lost)).ToArray();
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = 4,
            CancellationToken = TestContext.Current.CancellationToken,
        };
        Parallel.ForEach(patterns, options, missing => AssertReconstructs(codec, original, missing));
    }

    [Fact]
    public void Reconstructs_every_loss_pattern_with_every_supported_kernel_for_4_plus_2()
    {
        foreach (var kind in GaloisKernels.All.Where(GaloisKernels.IsSupported))
        {
            var codec = new ReedSolomon(4, 2, kind);
            var original = EncodedStripe(codec, new Random(42), ShardLength);
            for (var lost = 1; lost <= 2; lost++)
            {
                foreach (var missing in TestData.Combinations(6, lost))
                {
                    AssertReconstructs(codec, original, missing);
                }
            }
        }
    }

    [Fact]
    public void Reconstruct_rebuilds_shards_of_length_zero_and_one()
    {
        var codec = new ReedSolomon(4, 2);
        foreach (var length in new[] { 0, 1 })
        {
            var original = EncodedStripe(codec, new Random(length), length);
            AssertReconstructs(codec, original, [0, 5]);
            AssertReconstructs(codec, original, [1, 2]);
        }
    }

    [Fact]
    public void Too_few_shards_throw_ErasureException_naming_the_missing_ones()
    {
        var codec = new ReedSolomon(4, 2);
        var original = EncodedStripe(codec, new Random(7), ShardLength);
        var patterns = 0;
        foreach (var missing in TestData.Combinations(6, 3).Concat(TestData.Combinations(6, 6)))
        {
            var present = Presence(6, missing);
            var shards = TestData.Clone(original);
            var error = Assert.Throws<ErasureException>(() => codec.Reconstruct(shards, present));
            Assert.Equal(-1, error.BlockIndex);
            Assert.Equal(missing, error.BadShards);

            error = Assert.Throws<ErasureException>(() => codec.ReconstructData(TestData.AsMemory(shards), present));
            Assert.Equal(-1, error.BlockIndex);
            Assert.Equal(missing, error.BadShards);
            patterns++;
        }

        Assert.Equal(21, patterns);
    }

    [Fact]
    public void Reconstruct_with_every_shard_present_changes_nothing()
    {
        var codec = new ReedSolomon(8, 4);
        var original = EncodedStripe(codec, new Random(8), ShardLength);
        var shards = TestData.Clone(original);
        codec.Reconstruct(shards, Presence(12, []));
        for (var i = 0; i < shards.Length; i++)
        {
            Bytes.Equal(original[i], shards[i], $"shard {i}");
        }
    }

    [Fact]
    public void Verify_is_true_for_a_good_stripe_and_false_after_any_byte_flip()
    {
        var codec = new ReedSolomon(8, 4);
        var shards = EncodedStripe(codec, new Random(9), ShardLength);
        Assert.True(codec.Verify(shards));
        Assert.True(codec.Verify(TestData.AsMemory(shards)));

        var random = new Random(10);
        for (var shard = 0; shard < shards.Length; shard++)
        {
            foreach (var position in new[] { 0, ShardLength - 1, random.Next(ShardLength), random.Next(ShardLength) })
            {
                var saved = shards[shard][position];
                shards[shard][position] ^= (byte)(1 << random.Next(8));
                Assert.False(codec.Verify(shards), $"flip in shard {shard} at byte {position} went unnoticed");
                Assert.False(codec.Verify(TestData.AsMemory(shards)), $"flip in shard {shard} at byte {position} went unnoticed");
                shards[shard][position] = saved;
                Assert.True(codec.Verify(shards));
            }
        }
    }

    [Fact]
    public void Verify_is_true_without_parity_and_for_empty_shards()
    {
        var noParity = new ReedSolomon(3, 0);
        Assert.True(noParity.Verify(TestData.RandomStripe(new Random(11), 3, 0, 17)));

        var empty = new ReedSolomon(4, 2);
        Assert.True(empty.Verify(TestData.RandomStripe(new Random(12), 4, 2, 0)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 2)]
    [InlineData(-1, 2)]
    [InlineData(2, -1)]
    [InlineData(200, 57)]
    [InlineData(256, 1)]
    [InlineData(1, 256)]
    [InlineData(257, 0)]
    public void Rejects_impossible_shard_counts(int dataShards, int parityShards)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReedSolomon(dataShards, parityShards));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReedSolomon(dataShards, parityShards, GaloisKernelKind.Scalar));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(200, 56)]
    [InlineData(255, 1)]
    [InlineData(1, 255)]
    [InlineData(128, 128)]
    public void Accepts_shard_counts_from_1_plus_0_up_to_256_in_total(int dataShards, int parityShards)
    {
        var codec = new ReedSolomon(dataShards, parityShards);
        Assert.Equal(dataShards, codec.DataShards);
        Assert.Equal(parityShards, codec.ParityShards);
        Assert.Equal(dataShards + parityShards, codec.TotalShards);
        Assert.Equal(GaloisKernels.Default, codec.Kernel);

        var random = new Random(dataShards * 1000 + parityShards);
        var original = EncodedStripe(codec, random, 67);
        Assert.True(codec.Verify(original));
        if (parityShards > 0)
        {
            AssertReconstructs(codec, original, TestData.RandomSubset(random, codec.TotalShards, parityShards));
            AssertReconstructs(codec, original, TestData.RandomSubset(random, codec.TotalShards, 1));
        }
        else
        {
            var shards = TestData.Clone(original);
            Assert.Throws<ErasureException>(() => codec.Reconstruct(shards, [false]));
        }
    }

    [Fact]
    public void Encoding_matrix_is_identity_over_parity_rows_and_a_copy()
    {
        var codec = new ReedSolomon(5, 3);
        var matrix = codec.GetEncodingMatrix();
        Assert.Equal(8 * 5, matrix.Length);
        for (var row = 0; row < 5; row++)
        {
            for (var column = 0; column < 5; column++)
            {
                Assert.Equal(row == column ? 1 : 0, matrix[(row * 5) + column]);
            }
        }

        Assert.DoesNotContain((byte)0, matrix[25..]);
        matrix[30] ^= 0xff;
        Assert.NotEqual(matrix, codec.GetEncodingMatrix());
    }

    [Fact]
    public void Rejects_shards_of_unequal_length_or_the_wrong_count()
    {
        var codec = new ReedSolomon(4, 2);
        var shards = TestData.RandomStripe(new Random(13), 4, 2, 100);
        shards[3] = new byte[99];
        Assert.Throws<ArgumentException>(() => codec.Encode(shards));
        Assert.Throws<ArgumentException>(() => codec.Encode(TestData.RandomStripe(new Random(14), 4, 1, 100)));
        var good = TestData.RandomStripe(new Random(15), 4, 2, 100);
        Assert.Throws<ArgumentException>(() => codec.Reconstruct(good, new bool[5]));
    }

    private static void ReconstructsEveryLossPattern(int dataShards, int parityShards)
    {
        var codec = new ReedSolomon(dataShards, parityShards);
        var original = EncodedStripe(codec, new Random((dataShards * 100) + parityShards), ShardLength);
        var patterns = 0;
        for (var lost = 1; lost <= parityShards; lost++)
        {
            foreach (var missing in TestData.Combinations(codec.TotalShards, lost))
            {
                AssertReconstructs(codec, original, missing);
                patterns++;
            }
        }

        Assert.Equal(TestData.BinomialSum(codec.TotalShards, parityShards), patterns);
    }

    private static void ReconstructsRandomLossPatterns(int dataShards, int parityShards, int count)
    {
        var codec = new ReedSolomon(dataShards, parityShards);
        var random = new Random((dataShards * 100) + parityShards);
        var original = EncodedStripe(codec, random, ShardLength);
        for (var i = 0; i < count; i++)
        {
            var missing = TestData.RandomSubset(random, codec.TotalShards, 1 + random.Next(parityShards));
            AssertReconstructs(codec, original, missing);
        }
    }

    /// <summary>Random data shards with their parity, checked against Verify.</summary>
    private static byte[][] EncodedStripe(ReedSolomon codec, Random random, int length)
    {
        var shards = TestData.RandomStripe(random, codec.DataShards, codec.ParityShards, length);
        codec.Encode(shards);
        return shards;
    }

    private static bool[] Presence(int total, int[] missing)
    {
        var present = Enumerable.Repeat(true, total).ToArray();
        foreach (var index in missing)
        {
            present[index] = false;
        }

        return present;
    }

    /// <summary>
    /// Loses <paramref name="missing"/> (overwritten with garbage, not zeros) and checks that Reconstruct brings
    /// every shard back and ReconstructData brings back the data shards while leaving parity untouched.
    /// </summary>
    private static void AssertReconstructs(ReedSolomon codec, byte[][] original, int[] missing)
    {
        var pattern = $"{codec.DataShards}+{codec.ParityShards} losing [{string.Join(",", missing)}]";
        var present = Presence(codec.TotalShards, missing);
        var garbage = new Random(missing.Sum() + missing.Length);

        var shards = TestData.Clone(original);
        foreach (var index in missing)
        {
            garbage.NextBytes(shards[index]);
        }

        codec.Reconstruct(shards, present);
        for (var i = 0; i < shards.Length; i++)
        {
            Bytes.Equal(original[i], shards[i], $"Reconstruct {pattern}: shard {i}");
        }

        shards = TestData.Clone(original);
        foreach (var index in missing)
        {
            garbage.NextBytes(shards[index]);
        }

        var before = TestData.Clone(shards);
        codec.ReconstructData(TestData.AsMemory(shards), present);
        for (var i = 0; i < shards.Length; i++)
        {
            var expected = i < codec.DataShards ? original[i] : before[i];
            Bytes.Equal(expected, shards[i], $"ReconstructData {pattern}: shard {i}");
        }
    }
}
