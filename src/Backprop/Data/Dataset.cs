using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>
/// A labelled data set in the course's layout: inputs X of shape [n_x, m] (one column per example)
/// and labels Y of shape [n_y, m] (for binary classification n_y = 1 with values in {0, 1}).
/// </summary>
/// <remarks>
/// A set may instead be held example-major (<see cref="FromExampleRows"/>, one row per example): the trainer
/// then gathers shuffled mini-batches from it without a second copy. <see cref="X"/> is always available; for
/// an example-major set it is built by transposing on first use (a copy the size of the inputs).
/// </remarks>
/// <typeparam name="T">The element type of X and Y.</typeparam>
public sealed class Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Matrix<T>? _x;

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
        _x = x;
        Y = y;
        ClassNames = classNames ?? [];
        Count = x.Columns;
        Features = x.Rows;
    }

    private Dataset(Matrix<T> rows, Matrix<T> y, IReadOnlyList<string>? classNames, DataLayout layout)
    {
        ExampleRows = rows;
        Y = y;
        ClassNames = classNames ?? [];
        Count = rows.Rows;
        Features = rows.Columns;
        Layout = layout;
    }

    /// <summary>
    /// Creates a data set held example-major: <paramref name="rows"/> is [m, n_x], row j holding example j's
    /// features (column j of the course's X). The matrix is used as it is, not copied.
    /// </summary>
    /// <param name="rows">Inputs, [m, n_x].</param>
    /// <param name="y">Labels, [n_y, m].</param>
    /// <param name="classNames">Optional class names; <c>ClassNames[k]</c> names label value k.</param>
    /// <exception cref="ShapeMismatchException">The rows of X and the columns of Y count different numbers of examples.</exception>
    public static Dataset<T> FromExampleRows(Matrix<T> rows, Matrix<T> y, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(y);
        if (rows.Rows != y.Columns)
            throw new ShapeMismatchException($"Data set: the example rows are {rows.ShapeText} (examples × features) and Y is {y.ShapeText}; both need one entry per example.");
        return new Dataset<T>(rows, y, classNames, DataLayout.ExampleMajor);
    }

    /// <summary>How the inputs are held; see <see cref="DataLayout"/>.</summary>
    public DataLayout Layout { get; } = DataLayout.FeatureMajor;

    /// <summary>
    /// Inputs, [n_x, m]. For an example-major set the first read transposes <see cref="ExampleRows"/> into a
    /// new matrix, kept for later reads.
    /// </summary>
    public Matrix<T> X
    {
        get
        {
            if (_x is not null)
                return _x;
            var rows = ExampleRows!;
            var x = new Matrix<T>(Features, Count);
            Transpose.Blocked<T>(rows.Span, Count, Features, x.Span);
            // Two threads may both transpose; they produce the same values and one result is kept.
            return Interlocked.CompareExchange(ref _x, x, null) ?? x;
        }
    }

    /// <summary>The inputs as [m, n_x], one row per example, when the set is held example-major; otherwise null.</summary>
    public Matrix<T>? ExampleRows { get; }

    /// <summary>Labels, [n_y, m].</summary>
    public Matrix<T> Y { get; }

    /// <summary>Class names indexed by label value (empty when unknown).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of examples, m.</summary>
    public int Count { get; }

    /// <summary>Number of input features, n_x.</summary>
    public int Features { get; }

    /// <summary>The shape of X as text, [n_x, m], whatever the layout.</summary>
    public string XShapeText => $"[{Features}, {Count}]";

    /// <summary>A new data set of the given examples (columns of X and Y), in the given order; class names kept.</summary>
    internal Dataset<T> Select(int[] examples) => new(Columns(X, examples), Columns(Y, examples), ClassNames);

    private static Matrix<T> Columns(Matrix<T> source, int[] columns)
    {
        var result = new Matrix<T>(source.Rows, columns.Length);
        for (int r = 0; r < source.Rows; r++)
        {
            Span<T> from = source.Row(r);
            Span<T> to = result.Row(r);
            for (int j = 0; j < columns.Length; j++)
                to[j] = from[columns[j]];
        }
        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Dataset<{typeof(T).Name}>(X {XShapeText}{(Layout == DataLayout.ExampleMajor ? " held example-major" : "")}, Y {Y.ShapeText})";
}
