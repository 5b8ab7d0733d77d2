namespace Buckets.Erasure.Kernels;

/// <summary>The reference kernel: one table lookup per byte and coefficient.</summary>
internal sealed unsafe class ScalarKernel : GaloisKernel
{
    public static readonly ScalarKernel Instance = new();

    public override GaloisKernelKind Kind => GaloisKernelKind.Scalar;

    public override CodingMatrix Prepare(byte[] coefficients, int rows, int columns) =>
        new(coefficients, rows, columns, tableBytesPerCoefficient: 0);

    public override void Multiply(CodingMatrix matrix, byte** inputs, byte** outputs, int length) =>
        MultiplyRange(matrix, inputs, outputs, 0, length);

    /// <summary>Multiplies bytes [start, end) only: the vector kernels finish their tails with it.</summary>
    public static void MultiplyRange(CodingMatrix matrix, byte** inputs, byte** outputs, int start, int end)
    {
        fixed (byte* products = GaloisField.MultiplyTable)
        {
            for (var row = 0; row < matrix.Rows; row++)
            {
                var output = outputs[row];
                var table = products + (matrix[row, 0] << 8);
                var input = inputs[0];
                for (var i = start; i < end; i++)
                {
                    output[i] = table[input[i]];
                }

                for (var column = 1; column < matrix.Columns; column++)
                {
                    table = products + (matrix[row, column] << 8);
                    input = inputs[column];
                    for (var i = start; i < end; i++)
                    {
                        output[i] ^= table[input[i]];
                    }
                }
            }
        }
    }
}
