using System.Runtime.InteropServices;

namespace Buckets.Benchmarks;

/// <summary>
/// The ISA-L side of the comparison, set up the way ISA-L's erasure_code/erasure_code_perf.c does it:
/// a (K+M) x K <c>gf_gen_cauchy1_matrix</c> encoding matrix with its parity rows expanded by <c>ec_init_tables</c>
/// once, and for recovery a decode matrix computed once with <c>gf_invert_matrix</c> on the survivor rows.
/// </summary>
internal sealed unsafe class IsaLCodec : IDisposable
{
    private byte* encodingMatrix;
    private byte* encodeTables;
    private byte* decodeRows;
    private byte* decodeTables;
    private byte** survivors;
    private byte** targets;
    private int lostCount;

    public IsaLCodec(ErasureShape shape)
    {
        Shape = shape;
        var k = shape.DataShards;
        var m = shape.ParityShards;
        encodingMatrix = (byte*)NativeMemory.AllocZeroed((nuint)(shape.TotalShards * k));
        encodeTables = (byte*)NativeMemory.AlignedAlloc((nuint)(32 * k * m), 64);
        IsaL.GfGenCauchy1Matrix(encodingMatrix, shape.TotalShards, k);
        IsaL.EcInitTables(k, m, encodingMatrix + (k * k), encodeTables);
    }

    /// <summary>True when libisal.so.2 loads (benchmark classes name a method IsaL, hiding the <see cref="IsaL"/> class).</summary>
    public static bool IsAvailable => IsaL.IsAvailable;

    public ErasureShape Shape { get; }

    /// <summary>A copy of the (K+M) x K encoding matrix, row-major.</summary>
    public byte[] EncodingMatrix => new ReadOnlySpan<byte>(encodingMatrix, Shape.TotalShards * Shape.DataShards).ToArray();

    /// <summary>Parity of one stripe: <c>ec_encode_data</c> with the tables prepared in the constructor.</summary>
    public void Encode(byte** shards, int length) =>
        IsaL.EcEncodeData(length, Shape.DataShards, Shape.ParityShards, encodeTables, shards, shards + Shape.DataShards);

    /// <summary>
    /// Prepares recovery of the data shards <c>0..lost-1</c> of <paramref name="stripe"/> from the first K
    /// surviving shards (data <c>lost..K-1</c>, then parity): inverts the survivor rows of the encoding matrix
    /// and keeps the rows of the lost data shards, as erasure_code_perf does.
    /// </summary>
    public void PrepareDataRecovery(Stripe stripe, int lost)
    {
        var k = Shape.DataShards;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lost, Shape.ParityShards);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lost);
        FreeRecovery();

        lostCount = lost;
        survivors = (byte**)NativeMemory.Alloc((nuint)k, (nuint)sizeof(byte*));
        targets = (byte**)NativeMemory.Alloc((nuint)lost, (nuint)sizeof(byte*));
        decodeRows = (byte*)NativeMemory.AllocZeroed((nuint)(lost * k));
        decodeTables = (byte*)NativeMemory.AlignedAlloc((nuint)(32 * k * lost), 64);

        var survivorRows = (byte*)NativeMemory.AllocZeroed((nuint)(k * k));
        var inverse = (byte*)NativeMemory.AllocZeroed((nuint)(k * k));
        try
        {
            for (var i = 0; i < k; i++)
            {
                var shard = lost + i; // data lost..K-1, then parity 0..lost-1
                survivors[i] = stripe.Pointers[shard];
                new ReadOnlySpan<byte>(encodingMatrix + (shard * k), k).CopyTo(new Span<byte>(survivorRows + (i * k), k));
            }

            if (IsaL.GfInvertMatrix(survivorRows, inverse, k) != 0)
            {
                throw new InvalidOperationException($"ISA-L could not invert the survivor matrix of {Shape}.");
            }

            for (var i = 0; i < lost; i++)
            {
                targets[i] = stripe.Pointers[i];
                new ReadOnlySpan<byte>(inverse + (i * k), k).CopyTo(new Span<byte>(decodeRows + (i * k), k));
            }
        }
        finally
        {
            NativeMemory.Free(survivorRows);
            NativeMemory.Free(inverse);
        }
    }

    /// <summary>One recovery: <c>ec_init_tables</c> on the decode rows, then <c>ec_encode_data</c> into the lost shards.</summary>
    public void RecoverData(int length)
    {
        IsaL.EcInitTables(Shape.DataShards, lostCount, decodeRows, decodeTables);
        IsaL.EcEncodeData(length, Shape.DataShards, lostCount, decodeTables, survivors, targets);
    }

    public void Dispose()
    {
        FreeRecovery();
        NativeMemory.Free(encodingMatrix);
        NativeMemory.AlignedFree(encodeTables);
        encodingMatrix = null;
        encodeTables = null;
    }

    private void FreeRecovery()
    {
        NativeMemory.Free(survivors);
        NativeMemory.Free(targets);
        NativeMemory.Free(decodeRows);
        NativeMemory.AlignedFree(decodeTables);
        survivors = null;
        targets = null;
        decodeRows = null;
        decodeTables = null;
        lostCount = 0;
    }
}
