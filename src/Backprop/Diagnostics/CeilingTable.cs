using System.Globalization;
using System.Text;

namespace Backprop.Diagnostics;

/// <summary>One category of errors in a <see cref="CeilingTable"/>.</summary>
/// <param name="Tag">The tag column's name.</param>
/// <param name="Count">The number of misclassified examples tagged with it.</param>
/// <param name="Fraction">Count over the number of misclassified examples examined.</param>
/// <param name="BestDevError">The dev error if every error of this category were fixed: dev error × (1 − fraction).</param>
public sealed record CeilingRow(string Tag, int Count, double Fraction, double BestDevError);

/// <summary>
/// The course's error-analysis table: for each category of dev-set mistakes, how many of the examined errors
/// it explains and so the ceiling on what fixing it could achieve.
/// </summary>
/// <remarks>
/// An example can carry several tags, so the fractions may add up to more than 1. The rows are ordered by
/// count, largest first (ties in column order), because the largest category bounds the most promising
/// direction to work on.
/// </remarks>
public sealed class CeilingTable
{
    internal CeilingTable(double devError, int errors, int untagged, CeilingRow[] rows)
    {
        DevError = devError;
        Errors = errors;
        Untagged = untagged;
        Rows = rows;
    }

    /// <summary>The dev error the ceilings are computed from.</summary>
    public double DevError { get; }

    /// <summary>The number of misclassified examples examined (rows of the CSV).</summary>
    public int Errors { get; }

    /// <summary>The number of examined examples with no tag at all.</summary>
    public int Untagged { get; }

    /// <summary>One row per tag, largest count first.</summary>
    public IReadOnlyList<CeilingRow> Rows { get; }

    /// <summary>The table as text: tag, count, percentage of errors, and best possible dev error.</summary>
    public override string ToString()
    {
        int first = Math.Max("category".Length, Rows.Count == 0 ? 0 : Rows.Max(r => r.Tag.Length));
        var text = new StringBuilder();
        text.Append("category".PadRight(first)).Append("  count  % of errors  best dev error\n");
        foreach (var row in Rows)
        {
            text.Append(row.Tag.PadRight(first)).Append("  ")
                .Append(row.Count.ToString(CultureInfo.InvariantCulture).PadLeft(5)).Append("  ")
                .Append((row.Fraction * 100).ToString("0.0", CultureInfo.InvariantCulture).PadLeft(10)).Append(" %  ")
                .Append(row.BestDevError.ToString("0.0000", CultureInfo.InvariantCulture).PadLeft(14)).Append('\n');
        }
        text.Append(string.Create(CultureInfo.InvariantCulture, $"{Errors} errors examined, {Untagged} untagged; dev error {DevError:0.0000}\n"));
        return text.ToString();
    }
}
