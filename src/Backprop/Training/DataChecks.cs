using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Training;

/// <summary>Checks made once before training, so a bad data set fails with a clear message rather than a wrong model.</summary>
internal static class DataChecks
{
    public static void ValidateFor<T>(Network<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.Count == 0)
            throw new ArgumentException("The training set has no examples.", nameof(data));
        if (data.Features != network.InputSize)
            throw new ShapeMismatchException($"The network takes {network.InputSize} input features but X is {data.XShapeText} (features × examples).");
        if (data.Y.Rows != network.OutputSize)
            throw new ShapeMismatchException($"The network has {network.OutputSize} output units but Y is {data.Y.ShapeText} (outputs × examples).");
        if (data.ExampleRows is { } rows)
            RequireFinite(rows, "X", transposed: true);
        else
            RequireFinite(data.X, "X");
        network.Loss.ValidateLabels(data.Y);
    }

    /// <summary>
    /// Throws naming the first NaN or infinite entry of <paramref name="matrix"/>; with <paramref name="transposed"/>
    /// the matrix holds X's transpose and the entry is named by its place in X.
    /// </summary>
    public static void RequireFinite<T>(Matrix<T> matrix, string name, bool transposed = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = matrix.Span;
        // One vectorized pass for the usual all-finite case (Fashion-MNIST's 47 million values: ≈ 30 → 5 ms);
        // the element-by-element search only runs to name the bad entry.
        if (FiniteCheck.AllFinite<T>(values))
            return;
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                int row = i / matrix.Columns, column = i % matrix.Columns;
                if (transposed)
                    (row, column) = (column, row);
                throw new ArgumentException($"{name}[{row}, {column}] is {values[i]}; inputs must be finite numbers.", name);
            }
        }
    }
}
