using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data.Formats;

/// <summary>
/// A numeric table read from a CSV file: named columns and their values, one row per data line, stored
/// row-major as in the file. Produced by <see cref="CsvFile.Read"/>.
/// </summary>
public sealed class CsvTable
{
    private readonly string[] _columnNames;
    private readonly double[] _values;

    /// <summary>Wraps parsed values; <paramref name="values"/> is row-major and owned by the table from now on.</summary>
    internal CsvTable(string source, string[] columnNames, double[] values)
    {
        Source = source;
        _columnNames = columnNames;
        _values = values;
        RowCount = values.Length / columnNames.Length;
    }

    /// <summary>The file the table was read from, as the caller named it.</summary>
    public string Source { get; }

    /// <summary>The column names from the header, in file order.</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Number of data rows (lines after the header, blank lines not counted).</summary>
    public int RowCount { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount => _columnNames.Length;

    /// <summary>All values, row-major: row i, column k is at <c>i × ColumnCount + k</c>.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The value in data row <paramref name="row"/> (0-based) and column <paramref name="column"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the table.</exception>
    public double this[int row, int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)RowCount, nameof(row));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)ColumnCount, nameof(column));
            return _values[row * ColumnCount + column];
        }
    }

    /// <summary>One data row (0-based), in column order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside the table.</exception>
    public ReadOnlySpan<double> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)RowCount, nameof(row));
        return _values.AsSpan(row * ColumnCount, ColumnCount);
    }

    /// <summary>Replaces one column's values; used while the table is being built from a text target.</summary>
    internal void SetColumn(int column, double[] values)
    {
        for (int i = 0; i < RowCount; i++)
            _values[i * ColumnCount + column] = values[i];
    }

    /// <summary>The index of the column named <paramref name="columnName"/> (exact, case-sensitive), or -1.</summary>
    public int IndexOf(string columnName) => Array.IndexOf(_columnNames, columnName);

    /// <summary>A copy of one column's values, top to bottom.</summary>
    /// <exception cref="KeyNotFoundException">No column has that name; the message lists the columns.</exception>
    public double[] Column(string columnName)
    {
        int k = RequireColumn(columnName);
        var result = new double[RowCount];
        for (int i = 0; i < result.Length; i++)
            result[i] = _values[i * ColumnCount + k];
        return result;
    }

    /// <summary>
    /// The table as a data set in the course's layout: X [features, m] from every column except
    /// <paramref name="targetColumn"/>, in header order, and Y [1, m] from the target column.
    /// </summary>
    /// <typeparam name="T">The element type; each value is converted with <c>T.CreateTruncating</c>
    /// (for <see cref="float"/>, rounding to nearest).</typeparam>
    /// <exception cref="KeyNotFoundException">No column has that name; the message lists the columns.</exception>
    /// <exception cref="InvalidDataException">The target is the only column, so there are no features.</exception>
    public Dataset<T> ToDataset<T>(string targetColumn) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(targetColumn);
        int target = RequireColumn(targetColumn);
        if (ColumnCount == 1)
            throw new InvalidDataException($"'{Source}' has only the target column '{targetColumn}', so there are no feature columns.");

        int m = RowCount;
        var x = new Matrix<T>(ColumnCount - 1, m);
        var y = new Matrix<T>(1, m);
        for (int j = 0; j < m; j++)
        {
            ReadOnlySpan<double> row = Row(j);
            int feature = 0;
            for (int k = 0; k < row.Length; k++)
            {
                if (k == target)
                    y[0, j] = T.CreateTruncating(row[k]);
                else
                    x[feature++, j] = T.CreateTruncating(row[k]);
            }
        }
        return new Dataset<T>(x, y);
    }

    /// <inheritdoc/>
    public override string ToString() => $"CsvTable({RowCount} rows × {ColumnCount} columns: {string.Join(", ", _columnNames)})";

    private int RequireColumn(string columnName)
    {
        int index = IndexOf(columnName);
        if (index < 0)
            throw new KeyNotFoundException($"'{Source}' has no column '{columnName}'; its columns are {string.Join(", ", _columnNames.Select(c => $"'{c}'"))}.");
        return index;
    }
}
