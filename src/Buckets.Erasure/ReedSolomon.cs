using System.Buffers;
using System.Collections.Concurrent;
using Buckets.Erasure.Kernels;

namespace Buckets.Erasure;

/// <summary>
/// A systematic Reed-Solomon code over GF(2^8): K data shards stay as they are, M parity shards are computed
/// from them, and any K of the K+M rebuild the rest. The matrix is ISA-L's Cauchy construction, so parity is
/// byte-for-byte what <c>ec_encode_data</c> with <c>gf_gen_cauchy1_matrix</c> produces. Thread-safe.
/// </summary>
public sealed unsafe class ReedSolomon
{
    /// <summary>The field has 255 nonzero elements; a Cauchy matrix needs distinct row and column labels.</summary>
    public const int MaxTotalShards = 256;

    private const int DecodeCacheLimit = 4096;

    private readonly GaloisKernel kernel;
    private readonly byte[] encodingMatrix;
    private readonly CodingMatrix parityMatrix;
    private readonly ConcurrentDictionary<(ShardSet Present, ShardSet Wanted), DecodePlan> decodePlans = new();

    /// <summary>Creates a code; <paramref name="kernel"/> null picks <see cref="GaloisKernels.Default"/>.</summary>
    public ReedSolomon(int dataShards, int parityShards, GaloisKernelKind? kernel = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dataShards, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(parityShards);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataShards + parityShards, MaxTotalShards, nameof(parityShards));

        DataShards = dataShards;
        ParityShards = parityShards;
        this.kernel = GaloisKernels.Get(kernel ?? GaloisKernels.Default);
        encodingMatrix = GaloisMatrix.CreateCauchyEncoding(TotalShards, dataShards);
        parityMatrix = this.kernel.Prepare(encodingMatrix[(dataShards * dataShards)..], parityShards, dataShards);
    }

    public int DataShards { get; }

    public int ParityShards { get; }

    public int TotalShards => DataShards + ParityShards;

    public GaloisKernelKind Kernel => kernel.Kind;

    /// <summary>A copy of the TotalShards x DataShards encoding matrix, row-major.</summary>
    public byte[] GetEncodingMatrix() => (byte[])encodingMatrix.Clone();

    /// <summary>Computes the parity shards from the data shards; all shards have one length.</summary>
    public void Encode(ReadOnlySpan<Memory<byte>> shards)
    {
        var length = CheckShards(shards);
        using var pins = new ShardPins(shards);
        Encode(pins.Pointers, length);
    }

    /// <inheritdoc cref="Encode(ReadOnlySpan{Memory{byte}})"/>
    public void Encode(byte[][] shards) => Encode(AsMemory(shards));

    /// <summary>Rewrites every shard whose <paramref name="present"/> flag is false from the others.</summary>
    public void Reconstruct(ReadOnlySpan<Memory<byte>> shards, ReadOnlySpan<bool> present) =>
        Reconstruct(shards, present, dataOnly: false);

    /// <inheritdoc cref="Reconstruct(ReadOnlySpan{Memory{byte}}, ReadOnlySpan{bool})"/>
    public void Reconstruct(byte[][] shards, bool[] present) => Reconstruct(AsMemory(shards), present);

    /// <summary>Rewrites only the missing data shards, leaving missing parity as it is.</summary>
    public void ReconstructData(ReadOnlySpan<Memory<byte>> shards, ReadOnlySpan<bool> present) =>
        Reconstruct(shards, present, dataOnly: true);

    /// <summary>True when the parity shards are exactly the encoding of the data shards.</summary>
    public bool Verify(ReadOnlySpan<Memory<byte>> shards)
    {
        var length = CheckShards(shards);
        if (ParityShards == 0 || length == 0)
        {
            return true;
        }

        var scratch = ArrayPool<byte>.Shared.Rent(length * ParityShards);
        try
        {
            using var pins = new ShardPins(shards);
            fixed (byte* computed = scratch)
            {
                var outputs = stackalloc byte*[ParityShards];
                for (var i = 0; i < ParityShards; i++)
                {
                    outputs[i] = computed + (i * length);
                }

                kernel.Multiply(parityMatrix, pins.Pointers, outputs, length);
                for (var i = 0; i < ParityShards; i++)
                {
                    if (!new ReadOnlySpan<byte>(outputs[i], length).SequenceEqual(shards[DataShards + i].Span))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <inheritdoc cref="Verify(ReadOnlySpan{Memory{byte}})"/>
    public bool Verify(byte[][] shards) => Verify(AsMemory(shards));

    /// <summary>Encodes shards already pinned: <paramref name="shards"/> holds TotalShards pointers.</summary>
    internal void Encode(byte** shards, int length)
    {
        if (ParityShards > 0 && length > 0)
        {
            kernel.Multiply(parityMatrix, shards, shards + DataShards, length);
        }
    }

    /// <summary>
    /// Rebuilds the shards in <paramref name="wanted"/> from the first K shards in <paramref name="present"/>;
    /// the pinned-pointer core of reconstruction, which the stream decoder calls per block.
    /// </summary>
    internal void Reconstruct(byte** shards, ShardSet present, ShardSet wanted, int length)
    {
        if (wanted.IsEmpty || length == 0)
        {
            return;
        }

        var plan = GetPlan(present, wanted);
        var inputs = stackalloc byte*[DataShards];
        var outputs = stackalloc byte*[plan.Targets.Length];
        for (var i = 0; i < DataShards; i++)
        {
            inputs[i] = shards[plan.Survivors[i]];
        }

        for (var i = 0; i < plan.Targets.Length; i++)
        {
            outputs[i] = shards[plan.Targets[i]];
        }

        kernel.Multiply(plan.Matrix, inputs, outputs, length);
    }

    private void Reconstruct(ReadOnlySpan<Memory<byte>> shards, ReadOnlySpan<bool> present, bool dataOnly)
    {
        var length = CheckShards(shards);
        if (present.Length != TotalShards)
        {
            throw new ArgumentException($"Expected {TotalShards} presence flags, got {present.Length}.", nameof(present));
        }

        var have = ShardSet.FromFlags(present, true, 0, TotalShards);
        if (have.Count < DataShards)
        {
            var missing = ShardSet.FromFlags(present, false, 0, TotalShards).ToArray();
            throw new ErasureException(
                $"Only {have.Count} of {TotalShards} shards are present; {DataShards} are needed. Missing shards: {string.Join(", ", missing)}.",
                -1,
                missing);
        }

        var wanted = ShardSet.FromFlags(present, false, 0, dataOnly ? DataShards : TotalShards);
        using var pins = new ShardPins(shards);
        Reconstruct(pins.Pointers, have, wanted, length);
    }

    private DecodePlan GetPlan(ShardSet present, ShardSet wanted)
    {
        if (decodePlans.TryGetValue((present, wanted), out var plan))
        {
            return plan;
        }

        if (decodePlans.Count >= DecodeCacheLimit)
        {
            decodePlans.Clear();
        }

        plan = CreatePlan(present, wanted);
        decodePlans[(present, wanted)] = plan;
        return plan;
    }

    private DecodePlan CreatePlan(ShardSet present, ShardSet wanted)
    {
        var k = DataShards;
        var survivors = present.ToArray()[..k];
        var survivorRows = new byte[k * k];
        for (var i = 0; i < k; i++)
        {
            encodingMatrix.AsSpan(survivors[i] * k, k).CopyTo(survivorRows.AsSpan(i * k));
        }

        // survivors = S * data, so data = S^-1 * survivors, and parity row p is E[p] * S^-1.
        var inverse = GaloisMatrix.Invert(survivorRows, k);
        var targets = wanted.ToArray();
        var rows = new byte[targets.Length * k];
        for (var t = 0; t < targets.Length; t++)
        {
            var target = targets[t];
            var row = rows.AsSpan(t * k, k);
            if (target < k)
            {
                inverse.AsSpan(target * k, k).CopyTo(row);
            }
            else
            {
                GaloisMatrix.MultiplyRow(encodingMatrix.AsSpan(target * k, k), inverse, k, row);
            }
        }

        return new DecodePlan(survivors, targets, kernel.Prepare(rows, targets.Length, k));
    }

    private int CheckShards(ReadOnlySpan<Memory<byte>> shards)
    {
        if (shards.Length != TotalShards)
        {
            throw new ArgumentException($"Expected {TotalShards} shards, got {shards.Length}.", nameof(shards));
        }

        var length = shards[0].Length;
        for (var i = 1; i < shards.Length; i++)
        {
            if (shards[i].Length != length)
            {
                throw new ArgumentException(
                    $"Shard {i} is {shards[i].Length} bytes long but shard 0 is {length}; all shards must be equal.",
                    nameof(shards));
            }
        }

        return length;
    }

    private static Memory<byte>[] AsMemory(byte[][] shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var memory = new Memory<byte>[shards.Length];
        for (var i = 0; i < shards.Length; i++)
        {
            memory[i] = shards[i] ?? throw new ArgumentException($"Shard {i} is null.", nameof(shards));
        }

        return memory;
    }
}
