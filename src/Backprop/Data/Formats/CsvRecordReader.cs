namespace Backprop.Data.Formats;

/// <summary>
/// Splits a CSV text into records of fields, one line per record, keeping the 1-based line number for
/// messages. It knows nothing about numbers, so readers of other column types can share it.
/// </summary>
/// <remarks>
/// Supported: any line ending (LF, CRLF, CR), a UTF-8 byte-order mark, blank lines (skipped), and fields in
/// double quotes with <c>""</c> for a quote, surrounded by optional spaces. Not supported: a quoted field
/// that spans lines; it is reported as an unterminated quote.
/// </remarks>
internal sealed class CsvRecordReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly string _path;
    private readonly char _separator;

    public CsvRecordReader(TextReader reader, string path, char separator)
    {
        _reader = reader;
        _path = path;
        _separator = separator;
    }

    /// <summary>The 1-based number of the line last read (0 before the first).</summary>
    public int LineNumber { get; private set; }

    /// <summary>The text of the line last returned by <see cref="ReadRecord"/>, which its fields index into.</summary>
    public string Line { get; private set; } = "";

    /// <summary>Reads the next non-blank line into <paramref name="fields"/>; false at the end of the text.</summary>
    /// <exception cref="CsvFormatException">A quoted field is unterminated or followed by stray characters.</exception>
    public bool ReadRecord(List<CsvField> fields)
    {
        fields.Clear();
        string? line;
        do
        {
            line = _reader.ReadLine();
            if (line is null)
                return false;
            LineNumber++;
        }
        while (string.IsNullOrWhiteSpace(line));

        Line = line;
        int position = 0;
        while (true)
        {
            int next = SkipSpaces(line, position);
            position = next < line.Length && line[next] == '"'
                ? ReadQuoted(line, next, fields, fields.Count + 1)
                : ReadPlain(line, position, fields);
            if (position >= line.Length)
                return true;
            position++; // past the separator, which may end the line and so leave one empty field
            if (position == line.Length)
            {
                fields.Add(new CsvField(position, 0, false));
                return true;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();

    /// <summary>Adds the field that starts at <paramref name="start"/>; returns the index of the separator or the line's end.</summary>
    private int ReadPlain(string line, int start, List<CsvField> fields)
    {
        int end = line.IndexOf(_separator, start);
        if (end < 0)
            end = line.Length;
        fields.Add(new CsvField(start, end - start, false));
        return end;
    }

    /// <summary>Adds the quoted field whose opening quote is at <paramref name="quote"/>; returns the index after it.</summary>
    private int ReadQuoted(string line, int quote, List<CsvField> fields, int fieldNumber)
    {
        bool escaped = false;
        int i = quote + 1;
        while (true)
        {
            int close = line.IndexOf('"', i);
            if (close < 0)
                throw new CsvFormatException(_path, LineNumber, null, $"field {fieldNumber} opens a quote that does not close on this line");
            if (close + 1 < line.Length && line[close + 1] == '"')
            {
                escaped = true;
                i = close + 2;
                continue;
            }
            fields.Add(new CsvField(quote + 1, close - quote - 1, escaped));
            int after = SkipSpaces(line, close + 1);
            if (after < line.Length && line[after] != _separator)
                throw new CsvFormatException(_path, LineNumber, null, $"field {fieldNumber} has '{line[after]}' after its closing quote");
            return after;
        }
    }

    private int SkipSpaces(string line, int position)
    {
        while (position < line.Length && line[position] != _separator && char.IsWhiteSpace(line[position]))
            position++;
        return position;
    }
}
