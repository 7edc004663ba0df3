using System.Numerics;
using Backprop.Data.Augmentation;
using Backprop.Tensors;

namespace Backprop.Data.Formats;

/// <summary>
/// Builds a <see cref="Dataset{T}"/> from NumPy arrays (<see cref="NpyFile"/>): inputs from one array, labels
/// from another.
/// </summary>
/// <remarks>
/// <para>Inputs: a 2-D array is a table, stored one example per row as NumPy code usually stores it, (m, n),
/// or one example per column as the course stores X, (n, m). The row layout is assumed unless the number of
/// labels (or of features, when known) rules it out and the column layout fits: a square array is read as
/// rows. An array of 3 or more dimensions is images, (m, h, w) or (m, h, w, c), each flattened in C order
/// into a column (see <see cref="ImageShape"/>). A 1-D array (m,) is one feature.</para>
/// <para>uint8 inputs are pixels and are scaled to [0, 1] by dividing by 255, as the other image readers do;
/// other types are converted as they are.</para>
/// <para>Labels: (m,), (m, 1) or (1, m) give Y [1, m] (class indices, 0/1, or regression targets); (m, k) or
/// (k, m) give Y [k, m] (one-hot or multi-task labels).</para>
/// </remarks>
public static class NpyDataset
{
    /// <summary>Makes a data set (or, without labels, inputs only) from the arrays.</summary>
    /// <typeparam name="T">The element type of X and Y.</typeparam>
    /// <param name="x">The inputs.</param>
    /// <param name="y">The labels, or null for inputs only (Y is then [0, m]).</param>
    /// <param name="features">The number of features the inputs must have (e.g. a model's input size), or null.</param>
    /// <exception cref="InvalidDataException">An array has a shape that fits neither layout, the label count
    /// differs from the example count, or the features differ from <paramref name="features"/>; the message
    /// names the array and its shape.</exception>
    public static Dataset<T> FromArrays<T>(NpyArray x, NpyArray? y, int? features = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        int? count = y is null ? null : LabelCount(y);
        Matrix<T> inputs = Inputs<T>(x, count, features);
        Matrix<T> labels = y is null ? new Matrix<T>(0, inputs.Columns) : Labels<T>(y, inputs.Columns);
        return new Dataset<T>(inputs, labels);
    }

    /// <summary>The shape of one image for an image array, (m, h, w) or (m, h, w, c); null for 1-D and 2-D arrays.</summary>
    /// <param name="x">The inputs.</param>
    /// <exception cref="InvalidDataException">The array has more than 4 dimensions or an empty image dimension.</exception>
    public static ImageShape? ImageShapeOf(NpyArray x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 3)
            return null;
        if (x.Rank > 4 || x.Shape.Skip(1).Contains(0))
            throw new InvalidDataException($"{x.Source} has shape {x.ShapeText}; images must be (m, h, w) or (m, h, w, c) with no empty dimension.");
        return new ImageShape(x.Shape[1], x.Shape[2], x.Rank == 4 ? x.Shape[3] : 1);
    }

    private static Matrix<T> Inputs<T>(NpyArray x, int? count, int? features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank == 0)
            throw new InvalidDataException($"{x.Source} holds a scalar; inputs need one example per row (m, n) or images (m, h, w[, c]).");
        int m = x.Shape[0];
        int n = x.Rank == 1 ? 1 : x.Length / Math.Max(1, m);
        bool columns = false;
        if (x.Rank == 2)
        {
            int a = x.Shape[0], b = x.Shape[1];
            bool rowsFit = (count is null || a == count) && (features is null || b == features);
            bool columnsFit = (count is null || b == count) && (features is null || a == features);
            if (!rowsFit && !columnsFit)
                throw new InvalidDataException($"{x.Source} has shape {x.ShapeText}, which fits neither (m, n) nor (n, m) for {Expected(count, features)}.");
            columns = !rowsFit;
            (m, n) = columns ? (b, a) : (a, b);
        }
        else
        {
            if (count is not null && m != count)
                throw new InvalidDataException($"{x.Source} has shape {x.ShapeText}: {m} examples, but there are {count} labels.");
            if (features is not null && n != features)
                throw new InvalidDataException($"{x.Source} has shape {x.ShapeText}: {n} values per example, but {features} are needed.");
        }

        var matrix = new Matrix<T>(n, m);
        Span<T> target = matrix.Span;
        double[] values = x.ToDoubles();
        double scale = x.ElementType == NpyElementType.UInt8 ? 255 : 1;
        for (int j = 0; j < m; j++)
            for (int i = 0; i < n; i++)
            {
                double value = columns ? values[i * m + j] : values[j * n + i];
                target[i * m + j] = scale == 1 ? T.CreateTruncating(value) : T.CreateTruncating(value) / T.CreateTruncating(scale);
            }
        return matrix;
    }

    private static string Expected(int? count, int? features) => (count, features) switch
    {
        (int m, int n) => $"{m} labels and {n} features",
        (int m, null) => $"{m} labels",
        (null, int n) => $"{n} features",
        _ => "any layout",
    };

    /// <summary>The number of examples a label array describes; null for (m, k) or (k, m), which only the inputs can tell apart.</summary>
    private static int? LabelCount(NpyArray y) => y.Rank switch
    {
        1 => y.Shape[0],
        2 when y.Shape[1] == 1 => y.Shape[0],
        2 when y.Shape[0] == 1 => y.Shape[1],
        2 => null,
        _ => throw new InvalidDataException($"{y.Source} has shape {y.ShapeText}; labels must be (m,), (m, 1), (1, m) or (m, k)."),
    };

    private static Matrix<T> Labels<T>(NpyArray y, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Rank == 1 || y.Shape[0] == 1 || y.Shape[1] == 1)
        {
            if (y.Length != count)
                throw new InvalidDataException($"{y.Source} has shape {y.ShapeText}: {y.Length} labels for {count} examples.");
            double[] values = y.ToDoubles();
            var row = new Matrix<T>(1, count);
            for (int j = 0; j < count; j++)
                row[0, j] = T.CreateTruncating(values[j]);
            return row;
        }
        if (y.Shape[0] == count)
            return y.ToMatrix<T>(transpose: true);
        if (y.Shape[1] == count)
            return y.ToMatrix<T>();
        throw new InvalidDataException($"{y.Source} has shape {y.ShapeText}: no dimension matches the {count} examples.");
    }
}
