using System.Globalization;
using System.Numerics;

namespace Backprop.Data.Formats;

/// <summary>
/// Reads CSV files of numbers: a header line of column names, then one line of values per example.
/// </summary>
/// <remarks>
/// <para>Numbers are parsed with the invariant culture (decimal point '.', optional sign and exponent,
/// surrounding spaces allowed) and are correctly rounded, so a value written as the shortest round-trip
/// text (Python's <c>repr</c>, .NET's <c>"R"</c>) reads back as the identical <see cref="double"/>.</para>
/// <para>Every field must hold a finite number: an empty field, text, <c>NaN</c> and values beyond the
/// <see cref="double"/> range are errors, because a training set has no use for them. Line endings may be
/// LF, CRLF or CR; blank lines are skipped; fields may be double-quoted (<c>""</c> inside stands for a quote),
/// which is mostly useful for header names.</para>
/// <para>Every error names the file and the 1-based line (the header is line 1) and, where it is about one
/// field, the column.</para>
/// </remarks>
public static class CsvFile
{
    /// <summary>Reads the whole file into a <see cref="CsvTable"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="separator">The field separator, e.g. ',' or ';' or '\t'.</param>
    /// <exception cref="ArgumentException"><paramref name="separator"/> is a quote or a line break.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CsvFormatException">The file is empty or has no data rows, a header name is empty or
    /// repeated, a line has the wrong number of fields, or a field is empty or not a finite number.</exception>
    /// <example><code>CsvTable table = CsvFile.Read("football_train.csv"); // columns x1, x2, y</code></example>
    public static CsvTable Read(string path, char separator = ',')
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (separator is '"' or '\r' or '\n')
            throw new ArgumentException($"'{separator}' cannot separate CSV fields.", nameof(separator));
        if (!File.Exists(path))
            throw new FileNotFoundException($"CSV file '{path}' was not found.", path);

        using var reader = new CsvRecordReader(new StreamReader(path, detectEncodingFromByteOrderMarks: true), path, separator);
        var fields = new List<CsvField>();
        if (!reader.ReadRecord(fields))
            throw new CsvFormatException(path, 1, null, "the file is empty; expected a header line of column names");
        string[] columns = ReadHeader(reader, fields, path);

        var values = new List<double>();
        while (reader.ReadRecord(fields))
            ParseRow(reader, fields, columns, path, values);
        if (values.Count == 0)
            throw new CsvFormatException(path, reader.LineNumber + 1, null, "the file has a header but no data rows");
        return new CsvTable(path, columns, [.. values]);
    }

    /// <summary>
    /// Reads the file and returns it as a data set: X [features, m] from all columns but
    /// <paramref name="targetColumn"/>, in header order, and Y [1, m] from the target column.
    /// </summary>
    /// <typeparam name="T">The element type of X and Y.</typeparam>
    /// <param name="path">The CSV file.</param>
    /// <param name="targetColumn">The name of the label column.</param>
    /// <param name="separator">The field separator.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CsvFormatException">The file is malformed (see <see cref="Read"/>).</exception>
    /// <exception cref="KeyNotFoundException">No column is named <paramref name="targetColumn"/>; the message lists the columns.</exception>
    /// <exception cref="InvalidDataException">The target is the only column.</exception>
    /// <example><code>var train = CsvFile.ReadDataset&lt;double&gt;("football_train.csv", "y"); // X [2, 211], Y [1, 211]</code></example>
    public static Dataset<T> ReadDataset<T>(string path, string targetColumn, char separator = ',')
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(targetColumn);
        return Read(path, separator).ToDataset<T>(targetColumn);
    }

    private static string[] ReadHeader(CsvRecordReader reader, List<CsvField> fields, string path)
    {
        var names = new string[fields.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < names.Length; k++)
        {
            names[k] = fields[k].Text(reader.Line).Trim();
            if (names[k].Length == 0)
                throw new CsvFormatException(path, reader.LineNumber, null, $"header field {k + 1} is empty; every column needs a name");
            if (!seen.Add(names[k]))
                throw new CsvFormatException(path, reader.LineNumber, names[k], "the column name appears more than once in the header");
        }
        return names;
    }

    private static void ParseRow(CsvRecordReader reader, List<CsvField> fields, string[] columns, string path, List<double> values)
    {
        if (fields.Count < columns.Length)
            throw new CsvFormatException(path, reader.LineNumber, columns[fields.Count],
                $"the line has {fields.Count} fields but the header names {columns.Length}, so this column has no value");
        if (fields.Count > columns.Length)
            throw new CsvFormatException(path, reader.LineNumber, null,
                $"the line has {fields.Count} fields but the header names only {columns.Length} ({string.Join(", ", columns)})");

        for (int k = 0; k < columns.Length; k++)
        {
            ReadOnlySpan<char> text = fields[k].Raw(reader.Line);
            if (text.IsWhiteSpace())
                throw new CsvFormatException(path, reader.LineNumber, columns[k], "the value is missing (empty field)");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new CsvFormatException(path, reader.LineNumber, columns[k], $"{Quote(text)} is not a number");
            if (!double.IsFinite(value))
                throw new CsvFormatException(path, reader.LineNumber, columns[k], $"{Quote(text)} is not a finite number");
            values.Add(value);
        }
    }

    /// <summary>The field as it appears in a message, shortened so a runaway field cannot flood it.</summary>
    private static string Quote(ReadOnlySpan<char> text)
    {
        const int limit = 40;
        text = text.Trim();
        return text.Length <= limit ? $"'{text}'" : $"'{text[..limit]}…'";
    }
}
