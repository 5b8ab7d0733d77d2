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

        // Two vectors per step: each table load and input pointer load then serves two products, and the
        // two halves give the out-of-order core independent chains to overlap.
        nint position = 0;
        var width = TMultiplier.Width;
        for (; position + (2 * width) <= vectorEnd; position += 2 * width)
        {
            var input = inputs[0] + position;
            TMultiplier.Split(TMultiplier.Load(input), out var lowA, out var highA);
            TMultiplier.Split(TMultiplier.Load(input + width), out var lowB, out var highB);
            var sum0A = TMultiplier.Multiply(lowA, highA, table0);
            var sum0B = TMultiplier.Multiply(lowB, highB, table0);
            var sum1A = TRows.Count > 1 ? TMultiplier.Multiply(lowA, highA, table1) : default;
            var sum1B = TRows.Count > 1 ? TMultiplier.Multiply(lowB, highB, table1) : default;
            var sum2A = TRows.Count > 2 ? TMultiplier.Multiply(lowA, highA, table2) : default;
            var sum2B = TRows.Count > 2 ? TMultiplier.Multiply(lowB, highB, table2) : default;
            var sum3A = TRows.Count > 3 ? TMultiplier.Multiply(lowA, highA, table3) : default;
            var sum3B = TRows.Count > 3 ? TMultiplier.Multiply(lowB, highB, table3) : default;

            for (var column = 1; column < columns; column++)
            {
                input = inputs[column] + position;
                TMultiplier.Split(TMultiplier.Load(input), out lowA, out highA);
                TMultiplier.Split(TMultiplier.Load(input + width), out lowB, out highB);
                var offset = column * tableBytes;
                sum0A = TMultiplier.Xor(sum0A, TMultiplier.Multiply(lowA, highA, table0 + offset));
                sum0B = TMultiplier.Xor(sum0B, TMultiplier.Multiply(lowB, highB, table0 + offset));
                if (TRows.Count > 1)
                {
                    sum1A = TMultiplier.Xor(sum1A, TMultiplier.Multiply(lowA, highA, table1 + offset));
                    sum1B = TMultiplier.Xor(sum1B, TMultiplier.Multiply(lowB, highB, table1 + offset));
                }

                if (TRows.Count > 2)
                {
                    sum2A = TMultiplier.Xor(sum2A, TMultiplier.Multiply(lowA, highA, table2 + offset));
                    sum2B = TMultiplier.Xor(sum2B, TMultiplier.Multiply(lowB, highB, table2 + offset));
                }

                if (TRows.Count > 3)
                {
                    sum3A = TMultiplier.Xor(sum3A, TMultiplier.Multiply(lowA, highA, table3 + offset));
                    sum3B = TMultiplier.Xor(sum3B, TMultiplier.Multiply(lowB, highB, table3 + offset));
                }
            }

            TMultiplier.Store(sum0A, output0 + position);
            TMultiplier.Store(sum0B, output0 + position + width);
            if (TRows.Count > 1)
            {
                TMultiplier.Store(sum1A, output1 + position);
                TMultiplier.Store(sum1B, output1 + position + width);
            }

            if (TRows.Count > 2)
            {
                TMultiplier.Store(sum2A, output2 + position);
                TMultiplier.Store(sum2B, output2 + position + width);
            }

            if (TRows.Count > 3)
            {
                TMultiplier.Store(sum3A, output3 + position);
                TMultiplier.Store(sum3B, output3 + position + width);
            }
        }

        for (; position < vectorEnd; position += width)
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
