using Xunit;

namespace Buckets.Erasure.Tests;

/// <summary>
/// Every SIMD path computes exactly what the scalar reference computes, for every length (vector bodies,
/// tails, lengths below one vector) and every shape (1 to 16 inputs, 1 to 7 outputs).
/// </summary>
public sealed class KernelEquivalenceTests
{
    private static readonly int[] Sizes =
        [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 4095, 4096, (1 << 20) + 7];

    private static readonly (int K, int M)[] Layouts = [(2, 2), (4, 2), (8, 4), (12, 4), (16, 4), (1, 1), (3, 7)];

    public static TheoryData<GaloisKernelKind> Kernels => new(GaloisKernels.All);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Parity_equals_the_scalar_reference(GaloisKernelKind kind)
    {
        SkipUnlessSupported(kind);
        foreach (var (k, m) in Layouts)
        {
            var reference = new ReedSolomon(k, m, GaloisKernelKind.Scalar);
            var candidate = new ReedSolomon(k, m, kind);
            Assert.Equal(kind, candidate.Kernel);
            foreach (var size in Sizes)
            {
                var random = new Random((k * 1000) + (m * 100) + size);
                var expected = TestData.RandomStripe(random, k, m, size);
                reference.Encode(expected);

                // Shards cut from one buffer at odd offsets, so no kernel can lean on alignment.
                var shards = UnalignedCopy(expected, zeroParity: k);
                candidate.Encode(shards);
                for (var i = 0; i < k + m; i++)
                {
                    Bytes.Equal(expected[i], shards[i].Span, $"{kind} {k}+{m} length {size}: shard {i}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Reconstruction_equals_the_scalar_reference(GaloisKernelKind kind)
    {
        SkipUnlessSupported(kind);
        foreach (var (k, m) in Layouts)
        {
            var reference = new ReedSolomon(k, m, GaloisKernelKind.Scalar);
            var candidate = new ReedSolomon(k, m, kind);
            foreach (var size in Sizes)
            {
                var random = new Random((k * 1000) + (m * 100) + size + 1);
                var original = TestData.RandomStripe(random, k, m, size);
                reference.Encode(original);

                // Lose as many shards as the code allows, chosen at random.
                var missing = TestData.RandomSubset(random, k + m, m);
                var present = Enumerable.Range(0, k + m).Select(i => !missing.Contains(i)).ToArray();

                var byReference = TestData.Clone(original);
                var byCandidate = TestData.Clone(original);
                foreach (var index in missing)
                {
                    random.NextBytes(byReference[index]);
                    byReference[index].CopyTo(byCandidate[index], 0);
                }

                reference.Reconstruct(byReference, present);
                candidate.Reconstruct(byCandidate, present);
                for (var i = 0; i < k + m; i++)
                {
                    var context = $"{kind} {k}+{m} length {size} losing [{string.Join(",", missing)}]: shard {i}";
                    Bytes.Equal(byReference[i], byCandidate[i], context);
                    Bytes.Equal(original[i], byCandidate[i], context);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Verify_agrees_with_the_scalar_reference(GaloisKernelKind kind)
    {
        SkipUnlessSupported(kind);
        var codec = new ReedSolomon(8, 4, kind);
        foreach (var size in new[] { 1, 63, 64, 65, 4097 })
        {
            var shards = TestData.RandomStripe(new Random(size), 8, 4, size);
            new ReedSolomon(8, 4, GaloisKernelKind.Scalar).Encode(shards);
            Assert.True(codec.Verify(shards));
            shards[11][size - 1] ^= 0x80;
            Assert.False(codec.Verify(shards));
        }
    }

    [Fact]
    public void Default_and_fastest_kernels_are_supported_by_this_CPU()
    {
        Assert.True(GaloisKernels.IsSupported(GaloisKernels.Fastest));
        Assert.True(GaloisKernels.IsSupported(GaloisKernels.Default));
        Assert.True(GaloisKernels.IsSupported(GaloisKernelKind.Scalar));
        Assert.Equal(Enum.GetValues<GaloisKernelKind>(), GaloisKernels.All);
        Assert.Equal("BUCKETS_ERASURE_KERNEL", GaloisKernels.EnvironmentVariable);
    }

    [Fact]
    public void Fastest_kernel_is_the_last_supported_one()
    {
        var expected = GaloisKernels.All.Last(GaloisKernels.IsSupported);
        Assert.Equal(expected, GaloisKernels.Fastest);
    }

    [Fact]
    public void Codec_without_a_kernel_uses_the_default()
    {
        Assert.Equal(GaloisKernels.Default, new ReedSolomon(4, 2).Kernel);
        Assert.Equal(GaloisKernels.Default, new ReedSolomon(4, 2, null).Kernel);
    }

    [Fact]
    public void Forcing_an_unsupported_kernel_throws_NotSupportedException()
    {
        var unsupported = GaloisKernels.All.Where(kind => !GaloisKernels.IsSupported(kind)).ToArray();
        if (unsupported.Length == 0)
        {
            Assert.Skip("Every kernel is supported by this CPU, so none can be refused.");
        }

        foreach (var kind in unsupported)
        {
            Assert.Throws<NotSupportedException>(() => new ReedSolomon(4, 2, kind));
            Assert.Throws<NotSupportedException>(() => new ErasureEncoder(new ErasureLayout(4, 2), kind));
            Assert.Throws<NotSupportedException>(() => new ErasureDecoder(new ErasureLayout(4, 2), kind));
        }
    }

    [Theory]
    [InlineData("scalar", GaloisKernelKind.Scalar)]
    [InlineData("AVX2", GaloisKernelKind.Avx2)]
    [InlineData("avx512", GaloisKernelKind.Avx512)]
    [InlineData(" gfni ", GaloisKernelKind.Gfni)]
    public void Kernel_names_parse_as_the_environment_variable_spells_them(string name, GaloisKernelKind expected) =>
        Assert.Equal(expected, GaloisKernels.Parse(name));

    [Fact]
    public void Auto_or_no_kernel_name_means_no_forced_kernel_and_nonsense_is_refused()
    {
        Assert.Null(GaloisKernels.Parse(null));
        Assert.Null(GaloisKernels.Parse(""));
        Assert.Null(GaloisKernels.Parse("auto"));
        Assert.Throws<ArgumentException>(() => GaloisKernels.Parse("sse3"));
    }

    private static void SkipUnlessSupported(GaloisKernelKind kind) =>
        Assert.SkipUnless(GaloisKernels.IsSupported(kind), $"{kind} not supported by this CPU");

    /// <summary>Copies the stripe into one buffer at odd offsets; parity shards (index &gt;= zeroParity) start zeroed.</summary>
    private static Memory<byte>[] UnalignedCopy(byte[][] stripe, int zeroParity)
    {
        var length = stripe[0].Length;
        var stride = length + 3;
        var buffer = new byte[1 + (stride * stripe.Length)];
        var shards = new Memory<byte>[stripe.Length];
        for (var i = 0; i < stripe.Length; i++)
        {
            shards[i] = buffer.AsMemory(1 + (i * stride), length);
            if (i < zeroParity)
            {
                stripe[i].CopyTo(shards[i]);
            }
        }

        return shards;
    }
}
