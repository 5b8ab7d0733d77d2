namespace Buckets.Erasure;

/// <summary>Row-major matrices over GF(2^8): the encoding matrix and the inversions that decoding needs.</summary>
internal static class GaloisMatrix
{
    /// <summary>
    /// The systematic encoding matrix: identity on top of a Cauchy matrix with entries 1 / (i xor j),
    /// exactly ISA-L's <c>gf_gen_cauchy1_matrix</c>. Every square submatrix of a Cauchy matrix is
    /// invertible, so any <paramref name="dataShards"/> rows of the result are too.
    /// </summary>
    public static byte[] CreateCauchyEncoding(int totalShards, int dataShards)
    {
        var matrix = new byte[totalShards * dataShards];
        for (var i = 0; i < dataShards; i++)
        {
            matrix[(i * dataShards) + i] = 1;
        }

        for (var i = dataShards; i < totalShards; i++)
        {
            for (var j = 0; j < dataShards; j++)
            {
                matrix[(i * dataShards) + j] = GaloisField.Inverse((byte)(i ^ j));
            }
        }

        return matrix;
    }

    /// <summary>Inverts an n x n matrix by Gauss-Jordan elimination; throws when it is singular.</summary>
    public static byte[] Invert(ReadOnlySpan<byte> matrix, int n)
    {
        var work = matrix.ToArray();
        var inverse = new byte[n * n];
        for (var i = 0; i < n; i++)
        {
            inverse[(i * n) + i] = 1;
        }

        for (var column = 0; column < n; column++)
        {
            var pivot = column;
            while (pivot < n && work[(pivot * n) + column] == 0)
            {
                pivot++;
            }

            if (pivot == n)
            {
                throw new InvalidOperationException("The matrix is singular.");
            }

            if (pivot != column)
            {
                SwapRows(work, n, pivot, column);
                SwapRows(inverse, n, pivot, column);
            }

            var scale = GaloisField.Inverse(work[(column * n) + column]);
            ScaleRow(work, n, column, scale);
            ScaleRow(inverse, n, column, scale);
            for (var row = 0; row < n; row++)
            {
                var factor = work[(row * n) + column];
                if (row == column || factor == 0)
                {
                    continue;
                }

                AddScaledRow(work, n, column, row, factor);
                AddScaledRow(inverse, n, column, row, factor);
            }
        }

        return inverse;
    }

    /// <summary>(1 x n row) times (n x n matrix).</summary>
    public static void MultiplyRow(ReadOnlySpan<byte> row, ReadOnlySpan<byte> matrix, int n, Span<byte> result)
    {
        for (var j = 0; j < n; j++)
        {
            byte sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum ^= GaloisField.Multiply(row[i], matrix[(i * n) + j]);
            }

            result[j] = sum;
        }
    }

    private static void SwapRows(byte[] m, int n, int a, int b)
    {
        var rowA = m.AsSpan(a * n, n);
        var rowB = m.AsSpan(b * n, n);
        Span<byte> temp = stackalloc byte[n];
        rowA.CopyTo(temp);
        rowB.CopyTo(rowA);
        temp.CopyTo(rowB);
    }

    private static void ScaleRow(byte[] m, int n, int row, byte scale)
    {
        var span = m.AsSpan(row * n, n);
        for (var i = 0; i < n; i++)
        {
            span[i] = GaloisField.Multiply(span[i], scale);
        }
    }

    private static void AddScaledRow(byte[] m, int n, int source, int target, byte factor)
    {
        var from = m.AsSpan(source * n, n);
        var to = m.AsSpan(target * n, n);
        for (var i = 0; i < n; i++)
        {
            to[i] ^= GaloisField.Multiply(from[i], factor);
        }
    }
}
