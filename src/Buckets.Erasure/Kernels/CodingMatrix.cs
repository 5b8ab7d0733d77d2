using System.Runtime.CompilerServices;

namespace Buckets.Erasure.Kernels;

/// <summary>
/// A coefficient matrix (rows = outputs, columns = inputs) expanded once into the lookup tables one kernel
/// wants, so that encoding a block only streams data through precomputed constants.
/// </summary>
internal sealed unsafe class CodingMatrix
{
    private readonly byte[] tableStorage;
    private readonly int tableOffset;

    public CodingMatrix(byte[] coefficients, int rows, int columns, int tableBytesPerCoefficient)
    {
        Coefficients = coefficients;
        Rows = rows;
        Columns = columns;

        // Pinned on the POH and 64-byte aligned, so kernels keep a raw pointer and every table load stays
        // inside one cache line.
        var length = rows * columns * tableBytesPerCoefficient;
        tableStorage = GC.AllocateUninitializedArray<byte>(length + 64, pinned: true);
        var address = (nint)Unsafe.AsPointer(ref tableStorage[0]);
        tableOffset = (int)(((address + 63) & ~(nint)63) - address);
        Tables = (byte*)address + tableOffset;
        TableLength = length;
    }

    public byte[] Coefficients { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Kernel-specific tables, one fixed-size record per coefficient in row-major order.</summary>
    public byte* Tables { get; }

    public int TableLength { get; }

    public Span<byte> TableSpan => tableStorage.AsSpan(tableOffset, TableLength);

    public byte this[int row, int column] => Coefficients[(row * Columns) + column];
}
