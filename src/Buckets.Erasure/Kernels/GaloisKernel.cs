namespace Buckets.Erasure.Kernels;

/// <summary>
/// Computes <c>outputs[r] = sum over c of matrix[r, c] * inputs[c]</c> in GF(2^8) over byte buffers:
/// encoding (parity rows) and reconstruction (decode rows) are both this one operation.
/// </summary>
internal abstract unsafe class GaloisKernel
{
    public abstract GaloisKernelKind Kind { get; }

    /// <summary>Expands a row-major coefficient matrix into this kernel's tables.</summary>
    public abstract CodingMatrix Prepare(byte[] coefficients, int rows, int columns);

    /// <summary>
    /// Overwrites each of <c>matrix.Rows</c> outputs with the products of the <c>matrix.Columns</c> inputs.
    /// Outputs must not overlap inputs.
    /// </summary>
    public abstract void Multiply(CodingMatrix matrix, byte** inputs, byte** outputs, int length);
}
