namespace Backprop.Data.Formats;

/// <summary>Writing CSV fields (RFC 4180), for every table the library writes.</summary>
internal static class CsvText
{
    /// <summary>The field as it must appear in a CSV line: quoted when it holds a comma, quote or line break, with inner quotes doubled.</summary>
    public static string Quote(string field)
        => field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
