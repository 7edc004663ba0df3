using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Tensors;

/// <summary>
/// A dense, row-major matrix of <typeparamref name="T"/> (<see cref="float"/> or <see cref="double"/>):
/// the one storage type of the engine.
/// </summary>
/// <remarks>
/// <para>Shape convention (the course's): data is feature-major, so an input batch X is
/// [n_x, m] with one column per example, a weight matrix W is [n_l, n_(l-1)] and a bias b is [n_l, 1].</para>
/// <para>A matrix owns a buffer with a fixed <see cref="Capacity"/>. <see cref="Reshape"/> changes the
/// logical shape within that capacity without allocating; the training loop uses it to run a smaller
/// last mini-batch through buffers sized for the largest one. The logical elements are always the
/// first <see cref="Length"/> elements of the matrix's storage, in row-major order; the storage starts at a
/// cache-aligned offset into its array (none for an array the matrix wraps).</para>
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/> for training, <see cref="double"/> for
/// gradient checks and course reproductions.</typeparam>
public sealed class Matrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _data;

    // Index of element (0, 0) in _data: on a cache-line boundary for buffers this class allocates (AlignedArray).
    private readonly int _offset;
    private readonly int _capacity;

    /// <summary>Creates a zero-filled matrix of the given shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public Matrix(int rows, int columns)
        : this(rows, columns, zeroed: true)
    {
    }

    private Matrix(int rows, int columns, bool zeroed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns > Array.MaxLength - AlignedArray.Alignment)
            throw new ArgumentOutOfRangeException(nameof(rows), $"A [{rows}, {columns}] matrix has {(long)rows * columns} elements; at most {Array.MaxLength - AlignedArray.Alignment} fit in one buffer.");
        _capacity = rows * columns;
        _data = AlignedArray.Allocate<T>(_capacity, zeroed, out _offset);
        Rows = rows;
        Columns = columns;
    }

    /// <summary>
    /// A matrix whose elements are whatever the memory held, for a result that is about to be overwritten
    /// entirely. Skipping the zero fill matters for large buffers: a fresh 800 KB product spent as long
    /// being cleared (and the collector reclaiming cleared pages) as being computed.
    /// </summary>
    internal static Matrix<T> Uninitialized(int rows, int columns) => new(rows, columns, zeroed: false);

    /// <summary>Wraps an existing row-major array without copying it.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is shorter than rows × columns.</exception>
    public Matrix(int rows, int columns, T[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (data.Length < (long)rows * columns)
            throw new ArgumentException($"A {rows}×{columns} matrix needs {(long)rows * columns} elements; the array has {data.Length}.", nameof(data));
        _data = data;
        _capacity = data.Length;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Number of rows (for activations: units; for inputs: features).</summary>
    public int Rows { get; private set; }

    /// <summary>Number of columns (for activations and inputs: examples, m).</summary>
    public int Columns { get; private set; }

    /// <summary>Number of logical elements, <c>Rows × Columns</c>.</summary>
    public int Length => Rows * Columns;

    /// <summary>Number of elements the buffer can hold (buffers reused for smaller batches keep their capacity).</summary>
    public int Capacity => _capacity;

    /// <summary>The shape as text, e.g. <c>[20, 209]</c>.</summary>
    public string ShapeText => $"[{Rows}, {Columns}]";

    /// <summary>The logical elements, row-major.</summary>
    public Span<T> Span => _data.AsSpan(_offset, Length);

    /// <summary>The element at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public ref T this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
                throw new IndexOutOfRangeException($"Index ({row}, {column}) is outside a {ShapeText} matrix.");
            return ref _data[_offset + row * Columns + column];
        }
    }

    /// <summary>One row as a span.</summary>
    public Span<T> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is outside a {ShapeText} matrix.");
        return _data.AsSpan(_offset + row * Columns, Columns);
    }

    /// <summary>
    /// Changes the logical shape to <paramref name="rows"/> × <paramref name="columns"/> within the
    /// existing buffer, without allocating. The contents become unspecified.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The new shape needs more than <see cref="Capacity"/> elements.</exception>
    internal void Reshape(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns > _capacity)
            throw new ArgumentOutOfRangeException(nameof(rows), $"Shape [{rows}, {columns}] needs {(long)rows * columns} elements; this matrix holds at most {_capacity}.");
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>Copies this matrix's elements into <paramref name="destination"/>, which must have the same shape.</summary>
    /// <exception cref="ShapeMismatchException">The shapes differ.</exception>
    public void CopyTo(Matrix<T> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ShapeMismatchException.ThrowIfDifferent(this, destination, "copy destination");
        Span.CopyTo(destination.Span);
    }

    /// <summary>A new matrix with the same shape and a copy of the elements.</summary>
    public Matrix<T> Clone()
    {
        var copy = new Matrix<T>(Rows, Columns);
        Span.CopyTo(copy.Span);
        return copy;
    }

    /// <summary>A new matrix of another element type with every element converted.</summary>
    public Matrix<TOther> Convert<TOther>() where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var result = new Matrix<TOther>(Rows, Columns);
        var source = Span;
        var target = result.Span;
        for (int i = 0; i < source.Length; i++)
            target[i] = TOther.CreateTruncating(source[i]);
        return result;
    }

    /// <summary>Creates a matrix from a rectangular array, converting each element to <typeparamref name="T"/>.</summary>
    public static Matrix<T> FromArray(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var m = new Matrix<T>(values.GetLength(0), values.GetLength(1));
        for (int r = 0; r < m.Rows; r++)
            for (int c = 0; c < m.Columns; c++)
                m[r, c] = T.CreateTruncating(values[r, c]);
        return m;
    }

    /// <summary>Creates a matrix from jagged rows, which must all have the same length.</summary>
    /// <exception cref="ArgumentException">The rows have different lengths.</exception>
    public static Matrix<T> FromRows(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Count == 0 ? 0 : rows[0].Count;
        var m = new Matrix<T>(rows.Count, columns);
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r].Count != columns)
                throw new ArgumentException($"Row {r} has {rows[r].Count} values; row 0 has {columns}.", nameof(rows));
            for (int c = 0; c < columns; c++)
                m[r, c] = T.CreateTruncating(rows[r][c]);
        }
        return m;
    }

    /// <summary>The elements as a new rectangular array of doubles (for inspection and tests).</summary>
    public double[,] ToArray()
    {
        var result = new double[Rows, Columns];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                result[r, c] = double.CreateTruncating(this[r, c]);
        return result;
    }

    /// <summary>A reference to the first element, for kernels.</summary>
    internal ref T First => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_data), _offset);

    /// <inheritdoc/>
    public override string ToString() => $"Matrix<{typeof(T).Name}>{ShapeText}";
}
