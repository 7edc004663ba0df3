using System.Numerics;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Tests;

/// <summary>Small matrix helpers for tests, written element by element so they cannot share a bug with the library.</summary>
internal static class TestMatrix
{
    /// <summary>A new matrix holding xᵀ.</summary>
    public static Matrix<T> Transposed<T>(Matrix<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = new Matrix<T>(x.Columns, x.Rows);
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Columns; j++)
                t[j, i] = x[i, j];
        return t;
    }

    /// <summary>A rows × columns matrix of uniform values in [−0.5, 0.5) drawn from <paramref name="random"/>.</summary>
    public static Matrix<float> Uniform(int rows, int columns, FastRandom random)
    {
        var matrix = new Matrix<float>(rows, columns);
        var span = matrix.Span;
        for (int i = 0; i < span.Length; i++)
            span[i] = (float)(random.NextDouble() - 0.5);
        return matrix;
    }
}
