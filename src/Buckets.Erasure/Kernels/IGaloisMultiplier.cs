namespace Buckets.Erasure.Kernels;

/// <summary>
/// One SIMD way to multiply a vector of bytes by a constant of GF(2^8). Static abstract members on a
/// struct let <see cref="VectorKernel{TVector, TMultiplier}"/> be written once and compiled per instruction set.
/// </summary>
internal unsafe interface IGaloisMultiplier<TVector>
    where TVector : struct
{
    static abstract bool IsSupported { get; }

    /// <summary>Bytes per vector.</summary>
    static abstract int Width { get; }

    /// <summary>Bytes of precomputed table per coefficient.</summary>
    static abstract int TableBytes { get; }

    static abstract void FillTable(byte coefficient, Span<byte> table);

    static abstract TVector Load(byte* source);

    static abstract void Store(TVector value, byte* destination);

    static abstract TVector Xor(TVector left, TVector right);

    /// <summary>Per-input work shared by every output row (the nibble split, for table kernels).</summary>
    static abstract void Split(TVector data, out TVector low, out TVector high);

    static abstract TVector Multiply(TVector low, TVector high, byte* table);
}
