using System.Numerics;
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
}
