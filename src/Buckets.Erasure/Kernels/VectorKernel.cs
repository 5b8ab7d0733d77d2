namespace Buckets.Erasure.Kernels;

/// <summary>
/// The shape every SIMD kernel shares (ISA-L's dot-product loop): for each vector position, load each input
/// once and accumulate its product into up to four output rows held in registers, then store each row once.
/// Bytes past the last whole vector go through the scalar reference.
/// </summary>
internal sealed unsafe class VectorKernel<TVector, TMultiplier>(GaloisKernelKind kind) : GaloisKernel
    where TVector : struct
    where TMultiplier : struct, IGaloisMultiplier<TVector>
{
    public override GaloisKernelKind Kind => kind;

    public override CodingMatrix Prepare(byte[] coefficients, int rows, int columns)
    {
        var matrix = new CodingMatrix(coefficients, rows, columns, TMultiplier.TableBytes);
        var tables = matrix.TableSpan;
        for (var i = 0; i < rows * columns; i++)
        {
            TMultiplier.FillTable(coefficients[i], tables.Slice(i * TMultiplier.TableBytes, TMultiplier.TableBytes));
        }

        return matrix;
    }

    public override void Multiply(CodingMatrix matrix, byte** inputs, byte** outputs, int length)
    {
        var vectorEnd = length - (length % TMultiplier.Width);
        var rowBytes = matrix.Columns * TMultiplier.TableBytes;
        for (var row = 0; row < matrix.Rows;)
        {
            var tables = matrix.Tables + (row * rowBytes);
            switch (matrix.Rows - row)
            {
                case 1:
                    MultiplyRows<OneRow>(tables, matrix.Columns, inputs, outputs + row, vectorEnd);
                    row += 1;
                    break;
                case 2:
                    MultiplyRows<TwoRows>(tables, matrix.Columns, inputs, outputs + row, vectorEnd);
                    row += 2;
                    break;
                case 3:
                    MultiplyRows<ThreeRows>(tables, matrix.Columns, inputs, outputs + row, vectorEnd);
                    row += 3;
                    break;
                default:
                    MultiplyRows<FourRows>(tables, matrix.Columns, inputs, outputs + row, vectorEnd);
                    row += 4;
                    break;
            }
        }

        if (vectorEnd < length)
        {
            ScalarKernel.MultiplyRange(matrix, inputs, outputs, vectorEnd, length);
        }
    }

    private static void MultiplyRows<TRows>(byte* tables, int columns, byte** inputs, byte** outputs, int vectorEnd)
        where TRows : struct, IRowGroup
    {
        var tableBytes = TMultiplier.TableBytes;
        var rowBytes = columns * tableBytes;
        var table0 = tables;
        var table1 = tables + rowBytes;
        var table2 = tables + (2 * rowBytes);
        var table3 = tables + (3 * rowBytes);
        var output0 = outputs[0];
        var output1 = TRows.Count > 1 ? outputs[1] : null;
        var output2 = TRows.Count > 2 ? outputs[2] : null;
        var output3 = TRows.Count > 3 ? outputs[3] : null;

        for (nint position = 0; position < vectorEnd; position += TMultiplier.Width)
        {
            TMultiplier.Split(TMultiplier.Load(inputs[0] + position), out var low, out var high);
            var sum0 = TMultiplier.Multiply(low, high, table0);
            var sum1 = TRows.Count > 1 ? TMultiplier.Multiply(low, high, table1) : default;
            var sum2 = TRows.Count > 2 ? TMultiplier.Multiply(low, high, table2) : default;
            var sum3 = TRows.Count > 3 ? TMultiplier.Multiply(low, high, table3) : default;

            for (var column = 1; column < columns; column++)
            {
                TMultiplier.Split(TMultiplier.Load(inputs[column] + position), out low, out high);
                var offset = column * tableBytes;
                sum0 = TMultiplier.Xor(sum0, TMultiplier.Multiply(low, high, table0 + offset));
                if (TRows.Count > 1)
                {
                    sum1 = TMultiplier.Xor(sum1, TMultiplier.Multiply(low, high, table1 + offset));
                }

                if (TRows.Count > 2)
                {
                    sum2 = TMultiplier.Xor(sum2, TMultiplier.Multiply(low, high, table2 + offset));
                }

                if (TRows.Count > 3)
                {
                    sum3 = TMultiplier.Xor(sum3, TMultiplier.Multiply(low, high, table3 + offset));
                }
            }

            TMultiplier.Store(sum0, output0 + position);
            if (TRows.Count > 1)
            {
                TMultiplier.Store(sum1, output1 + position);
            }

            if (TRows.Count > 2)
            {
                TMultiplier.Store(sum2, output2 + position);
            }

            if (TRows.Count > 3)
            {
                TMultiplier.Store(sum3, output3 + position);
            }
        }
    }
}
