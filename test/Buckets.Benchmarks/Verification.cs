namespace Buckets.Benchmarks;

/// <summary>
/// Setup-time checks that every side of a comparison computes the same bytes; a mismatch fails the benchmark
/// (a fast wrong answer is not a result).
/// </summary>
internal static unsafe class Verification
{
    /// <summary>Ours and ISA-L must agree on the encoding matrix and on the parity of <paramref name="stripe"/>.</summary>
    public static void CheckEncodeMatchesIsaL(Stripe stripe, IsaLCodec isal, CodecSet codecs)
    {
        var shape = stripe.Shape;
        var isalMatrix = isal.EncodingMatrix;
        var expected = new byte[shape.ParityShards][];
        isal.Encode(stripe.Pointers, stripe.ShardLength);
        for (var p = 0; p < shape.ParityShards; p++)
        {
            expected[p] = stripe.Shard(shape.DataShards + p).ToArray();
        }

        foreach (var codec in codecs.Supported)
        {
            if (!codec.GetEncodingMatrix().AsSpan().SequenceEqual(isalMatrix))
            {
                throw new InvalidOperationException($"{shape} {codec.Kernel}: encoding matrix differs from ISA-L gf_gen_cauchy1_matrix.");
            }

            ClearParity(stripe);
            codec.Encode(stripe.Shards);
            for (var p = 0; p < shape.ParityShards; p++)
            {
                if (!stripe.Shard(shape.DataShards + p).SequenceEqual(expected[p]))
                {
                    throw new InvalidOperationException($"{shape} {codec.Kernel}: parity shard {p} differs from ISA-L ec_encode_data.");
                }
            }
        }
    }

    /// <summary>
    /// Wipes the shards <paramref name="present"/> marks lost and checks each kernel (and ISA-L, when given)
    /// rebuilds them byte for byte; the stripe is left intact.
    /// </summary>
    public static void CheckReconstruction(Stripe stripe, bool[] present, IsaLCodec? isal, CodecSet codecs)
    {
        var shape = stripe.Shape;
        var lost = Enumerable.Range(0, shape.TotalShards).Where(i => !present[i]).ToArray();
        var originals = lost.Select(i => stripe.Shard(i).ToArray()).ToArray();

        foreach (var codec in codecs.Supported)
        {
            Wipe(stripe, lost);
            codec.Reconstruct(stripe.Shards, present);
            Compare(stripe, lost, originals, $"{shape} {codec.Kernel} Reconstruct");
        }

        if (isal is not null)
        {
            Wipe(stripe, lost);
            isal.RecoverData(stripe.ShardLength);
            Compare(stripe, lost, originals, $"{shape} ISA-L recovery");
        }
    }

    private static void ClearParity(Stripe stripe)
    {
        for (var p = stripe.Shape.DataShards; p < stripe.Shape.TotalShards; p++)
        {
            stripe.Shard(p).Clear();
        }
    }

    private static void Wipe(Stripe stripe, int[] shards)
    {
        foreach (var shard in shards)
        {
            stripe.Shard(shard).Fill(0xA5);
        }
    }

    private static void Compare(Stripe stripe, int[] shards, byte[][] originals, string what)
    {
        for (var i = 0; i < shards.Length; i++)
        {
            if (!stripe.Shard(shards[i]).SequenceEqual(originals[i]))
            {
                throw new InvalidOperationException($"{what}: shard {shards[i]} was not rebuilt correctly.");
            }
        }
    }
}
