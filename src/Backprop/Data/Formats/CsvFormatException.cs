namespace Backprop.Data.Formats;

/// <summary>
/// A CSV file that cannot be read as a numeric table. The message names the file, the 1-based line and,
/// where one applies, the column; the same facts are available as properties for tools that render them.
/// </summary>
/// <remarks>
/// It derives from <see cref="FormatException"/>, the framework's exception for text that does not parse,
/// because <see cref="InvalidDataException"/> (used by the binary readers) is sealed.
/// </remarks>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    /// <param name="path">The file, as the caller named it.</param>
    /// <param name="lineNumber">The 1-based line number where the problem was found (the header is line 1).</param>
    /// <param name="columnName">The column concerned, or null when the problem is not in one column.</param>
    /// <param name="problem">What is wrong, as a sentence fragment, e.g. <c>'abc' is not a number</c>.</param>
    public CsvFormatException(string path, int lineNumber, string? columnName, string problem)
        : base(columnName is null
            ? $"'{path}', line {lineNumber}: {problem}."
            : $"'{path}', line {lineNumber}, column '{columnName}': {problem}.")
    {
        Path = path;
        LineNumber = lineNumber;
        ColumnName = columnName;
    }

    /// <summary>The file, as the caller named it.</summary>
    public string Path { get; }

    /// <summary>The 1-based line number where the problem was found (the header is line 1).</summary>
    public int LineNumber { get; }

    /// <summary>The column concerned, or null when the problem is not in one column.</summary>
    public string? ColumnName { get; }
}
