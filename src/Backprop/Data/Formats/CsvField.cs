namespace Backprop.Data.Formats;

/// <summary>
/// One field of a CSV line, as a range of the line's characters (the content between the quotes for a
/// quoted field), so numeric fields are parsed straight from the line without a string per field.
/// </summary>
/// <param name="Start">Index of the first character of the content.</param>
/// <param name="Length">Number of characters of the content.</param>
/// <param name="HasEscapedQuotes">The content is quoted and contains doubled quotes (<c>""</c>) that stand for one.</param>
internal readonly record struct CsvField(int Start, int Length, bool HasEscapedQuotes)
{
    /// <summary>The raw content in <paramref name="line"/> (doubled quotes not yet undone).</summary>
    public ReadOnlySpan<char> Raw(string line) => line.AsSpan(Start, Length);

    /// <summary>The content as text, with doubled quotes undone.</summary>
    public string Text(string line)
    {
        string raw = line.Substring(Start, Length);
        return HasEscapedQuotes ? raw.Replace("\"\"", "\"", StringComparison.Ordinal) : raw;
    }
}
