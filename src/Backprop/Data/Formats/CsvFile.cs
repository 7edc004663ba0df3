using System.Globalization;
using System.Numerics;

namespace Backprop.Data.Formats;

/// <summary>
/// Reads CSV files of numbers, optionally with a column of class names: a header line of column names, then one
/// line of values per example.
/// </summary>
/// <remarks>
/// <para>Numbers are parsed with the invariant culture (decimal point '.', optional sign and exponent,
/// surrounding spaces allowed) and are correctly rounded, so a value written as the shortest round-trip
/// text (Python's <c>repr</c>, .NET's <c>"R"</c>) reads back as the identical <see cref="double"/>.</para>
/// <para>Every field must hold a finite number: an empty field, text, <c>NaN</c> and values beyond the
/// <see cref="double"/> range are errors, because a training set has no use for them. The one exception is the
/// target column given to <see cref="ReadDataset{T}(string, string, bool, char)"/>, which may hold class names
/// (it must still not be empty). Line endings may be
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
        return ReadCore(path, separator, textColumn: null, out _, out _);
    }

    /// <summary>
    /// Reads the file, keeping the column named <paramref name="textColumn"/> (when not null) as trimmed text in
    /// <paramref name="texts"/> (its slots in the table hold NaN) and every other column as numbers; then
    /// <paramref name="lines"/> holds each data row's 1-based line number, for messages about the text.
    /// </summary>
    private static CsvTable ReadCore(string path, char separator, string? textColumn, out string[]? texts, out int[]? lines)
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
        int textIndex = -1;
        if (textColumn is not null)
        {
            textIndex = Array.IndexOf(columns, textColumn);
            if (textIndex < 0)
                throw new KeyNotFoundException($"'{path}' has no column '{textColumn}'; its columns are {string.Join(", ", columns.Select(c => $"'{c}'"))}.");
        }

        var values = new List<double>();
        List<string>? textValues = textIndex >= 0 ? [] : null;
        List<int>? lineNumbers = textIndex >= 0 ? [] : null;
        while (reader.ReadRecord(fields))
        {
            ParseRow(reader, fields, columns, path, values, textIndex, textValues);
            lineNumbers?.Add(reader.LineNumber);
        }
        if (values.Count == 0)
            throw new CsvFormatException(path, reader.LineNumber + 1, null, "the file has a header but no data rows");
        texts = textValues?.ToArray();
        lines = lineNumbers?.ToArray();
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
        => ReadDataset<T>(path, targetColumn, oneHot: false, separator);

    /// <summary>
    /// Reads the file as a data set whose target column may hold class names: X [features, m] from all columns
    /// but <paramref name="targetColumn"/>, in header order, and Y from the target column.
    /// </summary>
    /// <remarks>
    /// <para>When every target value is a finite number, Y is [1, m] holding those numbers, exactly as
    /// <see cref="ReadDataset{T}(string, string, char)"/> reads them (with <paramref name="oneHot"/>, the numbers
    /// must be class indices 0, 1, … and Y is their one-hot encoding with as many rows as the largest index + 1).</para>
    /// <para>Otherwise the target is categorical: each distinct value (trimmed, compared ordinally, so case
    /// matters) is a class, and <see cref="Dataset{T}.ClassNames"/> lists them sorted ordinally, so the class
    /// indices do not depend on the order of the rows and the same classes get the same indices in a train and
    /// a test file. Y is then [1, m] of class indices, or [classes, m] one-hot with <paramref name="oneHot"/>.
    /// A value such as <c>1</c> in a column that also holds <c>cat</c> is the class named "1".</para>
    /// </remarks>
    /// <typeparam name="T">The element type of X and Y.</typeparam>
    /// <param name="path">The CSV file.</param>
    /// <param name="targetColumn">The name of the label column.</param>
    /// <param name="oneHot">Whether Y is one-hot encoded ([classes, m]) rather than a row of class indices.</param>
    /// <param name="separator">The field separator.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CsvFormatException">The file is malformed (see <see cref="Read"/>); a missing target value
    /// is reported by line and column, and so, with <paramref name="oneHot"/>, is a numeric target value that is
    /// not a class index.</exception>
    /// <exception cref="KeyNotFoundException">No column is named <paramref name="targetColumn"/>; the message lists the columns.</exception>
    /// <exception cref="InvalidDataException">The target is the only column, or <paramref name="oneHot"/> is set and
    /// the target has fewer than 2 classes.</exception>
    /// <example><code>var iris = CsvFile.ReadDataset&lt;float&gt;("iris.csv", "species", oneHot: true); // Y [3, 150]</code></example>
    public static Dataset<T> ReadDataset<T>(string path, string targetColumn, bool oneHot, char separator = ',')
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(targetColumn);
        CsvTable table = ReadCore(path, separator, targetColumn, out string[]? texts, out int[]? lines);
        int target = table.IndexOf(targetColumn);
        var numbers = new double[texts!.Length];
        bool numeric = true;
        for (int i = 0; i < texts.Length && numeric; i++)
            numeric = double.TryParse(texts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) && double.IsFinite(numbers[i]);

        int[] labels;
        string[] classNames;
        if (numeric)
        {
            table.SetColumn(target, numbers);
            Dataset<T> data = table.ToDataset<T>(targetColumn);
            if (!oneHot)
                return data;
            labels = ClassIndices(path, lines!, targetColumn, numbers);
            classNames = [];
        }
        else
        {
            classNames = [.. texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int c = 0; c < classNames.Length; c++)
                index.Add(classNames[c], c);
            labels = [.. texts.Select(t => index[t])];
            table.SetColumn(target, [.. labels.Select(l => (double)l)]);
        }

        Dataset<T> indexed = table.ToDataset<T>(targetColumn);
        if (!oneHot)
            return new Dataset<T>(indexed.X, indexed.Y, classNames);
        int classes = labels.Length == 0 ? 0 : labels.Max() + 1;
        if (classes < 2)
            throw new InvalidDataException($"'{path}', column '{targetColumn}': the target has only {classes} class, and one-hot labels need at least 2.");
        return new Dataset<T>(indexed.X, OneHot.Encode<T>(labels, classes), classNames);
    }

    /// <summary>The numeric target values as class indices, or an error naming the first line that is not one.</summary>
    private static int[] ClassIndices(string path, int[] lines, string column, double[] numbers)
    {
        var labels = new int[numbers.Length];
        for (int i = 0; i < numbers.Length; i++)
        {
            double v = numbers[i];
            if (v < 0 || v > int.MaxValue - 1 || Math.Floor(v) != v)
                throw new CsvFormatException(path, lines[i], column,
                    FormattableString.Invariant($"{v} is not a class index (0, 1, 2, …), which one-hot labels need"));
            labels[i] = (int)v;
        }
        return labels;
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

    private static void ParseRow(CsvRecordReader reader, List<CsvField> fields, string[] columns, string path, List<double> values,
        int textIndex, List<string>? texts)
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
            if (k == textIndex)
            {
                texts!.Add(fields[k].Text(reader.Line).Trim());
                values.Add(double.NaN);
                continue;
            }
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
