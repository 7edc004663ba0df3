using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>One-hot encoding of class labels: label k of C classes becomes a column with 1 in row k and 0 elsewhere.</summary>
public static class OneHot
{
    /// <summary>Encodes integer labels in [0, <paramref name="classes"/>) as a [C, m] matrix.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> &lt; 2, or a label is outside [0, C).</exception>
    public static Matrix<T> Encode<T>(ReadOnlySpan<int> labels, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "One-hot encoding needs at least 2 classes.");
        var y = new Matrix<T>(classes, labels.Length);
        for (int j = 0; j < labels.Length; j++)
        {
            if ((uint)labels[j] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[j], $"Label {j} is {labels[j]}; labels must be in [0, {classes}).");
            y[labels[j], j] = T.One;
        }
        return y;
    }

    /// <summary>
    /// Encodes a [1, m] row of class indices (as the HDF5 and CSV readers produce them) as a [C, m] matrix.
    /// </summary>
    /// <exception cref="ArgumentException">A value is not an integer in [0, C).</exception>
    /// <exception cref="ShapeMismatchException"><paramref name="labelRow"/> has more than one row.</exception>
    public static Matrix<T> Encode<T>(Matrix<T> labelRow, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(labelRow);
        if (labelRow.Rows != 1)
            throw new ShapeMismatchException($"One-hot encoding takes one row of labels; got {labelRow.ShapeText}.");
        var labels = new int[labelRow.Columns];
        for (int j = 0; j < labels.Length; j++)
        {
            T v = labelRow[0, j];
            if (!T.IsInteger(v) || v < T.Zero || v >= T.CreateTruncating(classes))
                throw new ArgumentException($"Label {j} is {v}; labels must be integers in [0, {classes}).", nameof(labelRow));
            labels[j] = int.CreateTruncating(v);
        }
        return Encode<T>(labels, classes);
    }

    /// <summary>The index of the largest entry of each column: the predicted class of each example.</summary>
    public static int[] ArgMax<T>(Matrix<T> scores) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(scores);
        var result = new int[scores.Columns];
        for (int j = 0; j < scores.Columns; j++)
        {
            int best = 0;
            for (int c = 1; c < scores.Rows; c++)
                if (scores[c, j] > scores[best, j])
                    best = c;
            result[j] = best;
        }
        return result;
    }
}
