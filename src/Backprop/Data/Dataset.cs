using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>
/// A labelled data set in the course's layout: inputs X of shape [n_x, m] (one column per example)
/// and labels Y of shape [n_y, m] (for binary classification n_y = 1 with values in {0, 1}).
/// </summary>
/// <typeparam name="T">The element type of X and Y.</typeparam>
public sealed class Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a data set; X and Y must have the same number of columns (examples).</summary>
    /// <param name="x">Inputs, [n_x, m].</param>
    /// <param name="y">Labels, [n_y, m].</param>
    /// <param name="classNames">Optional class names; <c>ClassNames[k]</c> names label value k.</param>
    /// <exception cref="ShapeMismatchException">X and Y have different numbers of examples.</exception>
    public Dataset(Matrix<T> x, Matrix<T> y, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Columns != y.Columns)
            throw new ShapeMismatchException($"Data set: X is {x.ShapeText} and Y is {y.ShapeText}; both need one column per example.");
        X = x;
        Y = y;
        ClassNames = classNames ?? [];
    }

    /// <summary>Inputs, [n_x, m].</summary>
    public Matrix<T> X { get; }

    /// <summary>Labels, [n_y, m].</summary>
    public Matrix<T> Y { get; }

    /// <summary>Class names indexed by label value (empty when unknown).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of examples, m.</summary>
    public int Count => X.Columns;

    /// <summary>Number of input features, n_x.</summary>
    public int Features => X.Rows;

    /// <inheritdoc/>
    public override string ToString() => $"Dataset<{typeof(T).Name}>(X {X.ShapeText}, Y {Y.ShapeText})";
}
