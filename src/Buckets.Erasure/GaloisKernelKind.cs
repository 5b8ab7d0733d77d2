namespace Buckets.Erasure;

/// <summary>The implementations of the GF(2^8) multiply-accumulate at the heart of encoding and decoding.</summary>
public enum GaloisKernelKind
{
    /// <summary>Portable table lookups; the reference every other path must equal.</summary>
    Scalar,

    /// <summary>AVX2: split low/high nibble tables looked up with <c>vpshufb</c> on 32-byte vectors.</summary>
    Avx2,

    /// <summary>AVX-512BW: the nibble-table method on 64-byte vectors.</summary>
    Avx512,

    /// <summary>GFNI: one <c>vgf2p8affineqb</c> per coefficient on 64-byte vectors (needs GFNI and AVX-512).</summary>
    Gfni,
}
