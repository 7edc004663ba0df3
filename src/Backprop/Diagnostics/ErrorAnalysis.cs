using System.Globalization;
using System.Numerics;
using System.Text;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Tensors;

namespace Backprop.Diagnostics;

/// <summary>
/// Error analysis as the course runs it: list the dev examples the network gets wrong, have a person tag
/// each with the categories that explain it (one column per category), then count the tags to see how much
/// each category could at best improve the dev error.
/// </summary>
/// <remarks>
/// <para>The exported CSV has the columns <c>index, true_label, predicted_label, probability</c> followed by
/// one empty column per tag. <c>index</c> is the example's column in the dev set; <c>probability</c> is the
/// probability the network gave the label it predicted. A cell marks its tag with <c>x</c>, <c>1</c>, <c>yes</c>,
/// <c>y</c> or <c>true</c> and leaves it unmarked when empty or <c>0</c>, <c>no</c>, <c>n</c>, <c>false</c>, <c>-</c>
/// (any case, spaces ignored); any other value is an error naming its line and column, because a typo must not
/// silently count as a tag.</para>
/// <para>Export is atomic: the file is written next to the destination and moved over it, so a person's
/// tagged file is never left half overwritten.</para>
/// </remarks>
public static class ErrorAnalysis
{
    /// <summary>The cell values that mark a tag (compared without regard to case, after trimming).</summary>
    public static IReadOnlyList<string> Marks { get; } = ["x", "1", "yes", "y", "true"];

    /// <summary>The cell values that leave a tag unmarked.</summary>
    public static IReadOnlyList<string> NoMarks { get; } = ["", "0", "no", "n", "false", "-"];

    /// <summary>The fixed columns that precede the tag columns.</summary>
    public static IReadOnlyList<string> FixedColumns { get; } = ["index", "true_label", "predicted_label", "probability"];

    /// <summary>Writes one row per misclassified example (predicted ≠ actual) with empty tag columns.</summary>
    /// <param name="path">The destination; replaced if it exists. Its folder must exist.</param>
    /// <param name="predicted">The predicted class of each dev example.</param>
    /// <param name="actual">The true class of each dev example.</param>
    /// <param name="probability">The probability given to each predicted class, each in [0, 1].</param>
    /// <param name="tags">The tag column names: non-empty, distinct, and not a fixed column's name.</param>
    /// <param name="classNames">Names written instead of class indices when given.</param>
    /// <returns>The number of rows written (misclassified examples).</returns>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, a probability is outside [0, 1], a tag name is invalid, or a label has no class name.</exception>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    public static int ExportMisclassified(string path, ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, ReadOnlySpan<double> probability,
        IReadOnlyList<string> tags, IReadOnlyList<string>? classNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(tags);
        if (actual.Length == 0)
            throw new ArgumentException("There are no dev examples to analyse.", nameof(actual));
        if (predicted.Length != actual.Length || probability.Length != actual.Length)
            throw new ArgumentException($"Got {predicted.Length} predictions, {actual.Length} true labels and {probability.Length} probabilities; they must pair up.", nameof(predicted));
        ValidateTags(tags);

        var text = new StringBuilder();
        text.AppendJoin(',', FixedColumns.Concat(tags).Select(CsvText.Quote)).Append('\n');
        int rows = 0;
        for (int j = 0; j < actual.Length; j++)
        {
            if (!(probability[j] >= 0 && probability[j] <= 1))
                throw new ArgumentException($"Probability {j} is {probability[j]}; it must be in [0, 1].", nameof(probability));
            if (predicted[j] == actual[j])
                continue;
            text.Append(j.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvText.Quote(Label(actual[j], classNames, nameof(actual)))).Append(',')
                .Append(CsvText.Quote(Label(predicted[j], classNames, nameof(predicted)))).Append(',')
                .Append(probability[j].ToString("R", CultureInfo.InvariantCulture))
                .Append(',', tags.Count).Append('\n');
            rows++;
        }
        Serialization.AtomicFile.WriteAllText(path, text.ToString());
        return rows;
    }

    /// <summary>
    /// Writes the misclassified examples of a network's dev-set outputs: a one-row sigmoid output (predicted 1
    /// when p &gt; 0.5) against 0/1 labels, or a softmax output against one-hot labels.
    /// </summary>
    /// <param name="path">The destination; replaced if it exists.</param>
    /// <param name="probabilities">The network's outputs, [1, m] or [C, m].</param>
    /// <param name="y">The labels, the same shape.</param>
    /// <param name="tags">The tag column names.</param>
    /// <param name="classNames">Names written instead of class indices when given.</param>
    /// <returns>The number of rows written.</returns>
    /// <exception cref="ShapeMismatchException">The shapes differ.</exception>
    /// <exception cref="ArgumentException">See the span overload; also a binary label that is not 0 or 1.</exception>
    public static int ExportMisclassified<T>(string path, Matrix<T> probabilities, Matrix<T> y, IReadOnlyList<string> tags, IReadOnlyList<string>? classNames = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (predicted, actual, probability) = Classify(probabilities, y);
        return ExportMisclassified(path, predicted, actual, probability, tags, classNames);
    }

    /// <summary>
    /// The predicted class, true class and probability of the prediction for each example of a network's outputs:
    /// a one-row sigmoid output (predicted 1 when p &gt; 0.5, probability p or 1 − p) against 0/1 labels, or a
    /// softmax output (predicted arg max, probability its entry) against one-hot labels.
    /// </summary>
    /// <param name="probabilities">The network's outputs, [1, m] or [C, m].</param>
    /// <param name="y">The labels, the same shape.</param>
    /// <exception cref="ShapeMismatchException">The shapes differ.</exception>
    /// <exception cref="ArgumentException">A binary label is not 0 or 1.</exception>
    public static (int[] Predicted, int[] Actual, double[] Probability) Classify<T>(Matrix<T> probabilities, Matrix<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(y);
        ShapeMismatchException.ThrowIfDifferent(y, probabilities, "predictions");
        int m = y.Columns;
        var predicted = new int[m];
        var actual = new int[m];
        var probability = new double[m];
        if (y.Rows == 1)
        {
            for (int j = 0; j < m; j++)
            {
                double p = double.CreateTruncating(probabilities[0, j]);
                T label = y[0, j];
                if (label != T.Zero && label != T.One)
                    throw new ArgumentException($"Binary labels must be 0 or 1; Y[0, {j}] is {label}.", nameof(y));
                predicted[j] = p > 0.5 ? 1 : 0;
                actual[j] = label == T.One ? 1 : 0;
                probability[j] = predicted[j] == 1 ? p : 1 - p;
            }
        }
        else
        {
            predicted = OneHot.ArgMax(probabilities);
            actual = OneHot.ArgMax(y);
            for (int j = 0; j < m; j++)
                probability[j] = double.CreateTruncating(probabilities[predicted[j], j]);
        }
        return (predicted, actual, probability);
    }

    /// <summary>Reads a tagged error-analysis CSV and counts each tag into the ceiling table.</summary>
    /// <param name="path">A CSV in the exported layout, with tag cells filled in.</param>
    /// <param name="devError">The network's dev error, in [0, 1], that the ceilings are computed from.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="devError"/> is not in [0, 1].</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CsvFormatException">The header lacks the fixed columns or any tag column, a row has the
    /// wrong number of fields, an index is not a non-negative integer or repeats, a tag cell holds a value that is
    /// neither in <see cref="Marks"/> nor in <see cref="NoMarks"/>, or there are no rows; the
    /// message names the file, line and column.</exception>
    public static CeilingTable ReadCeilingTable(string path, double devError)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!(devError >= 0 && devError <= 1))
            throw new ArgumentOutOfRangeException(nameof(devError), devError, "The dev error must be a fraction in [0, 1].");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Error-analysis file '{path}' does not exist.", path);

        using var reader = new CsvRecordReader(new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true), path, ',');
        var fields = new List<CsvField>();
        if (!reader.ReadRecord(fields))
            throw new CsvFormatException(path, 1, null, "the file is empty; expected a header row");
        string[] header = fields.Select(f => f.Text(reader.Line).Trim()).ToArray();
        for (int c = 0; c < FixedColumns.Count; c++)
        {
            if (c >= header.Length || !string.Equals(header[c], FixedColumns[c], StringComparison.OrdinalIgnoreCase))
                throw new CsvFormatException(path, reader.LineNumber, c < header.Length ? header[c] : null,
                    $"column {c + 1} must be '{FixedColumns[c]}' (the header starts {string.Join(",", FixedColumns)})");
        }
        string[] tags = header[FixedColumns.Count..];
        if (tags.Length == 0)
            throw new CsvFormatException(path, reader.LineNumber, null, "there are no tag columns after the fixed ones");
        for (int t = 0; t < tags.Length; t++)
        {
            if (tags[t].Length == 0)
                throw new CsvFormatException(path, reader.LineNumber, null, $"tag column {FixedColumns.Count + t + 1} has no name");
            if (Array.IndexOf(tags, tags[t]) != t)
                throw new CsvFormatException(path, reader.LineNumber, tags[t], "the tag column is named twice");
        }

        var counts = new int[tags.Length];
        var indices = new HashSet<long>();
        int errors = 0, untagged = 0;
        while (reader.ReadRecord(fields))
        {
            if (fields.Count != header.Length)
                throw new CsvFormatException(path, reader.LineNumber, null, $"the row has {fields.Count} fields but the header has {header.Length}");
            string index = fields[0].Text(reader.Line).Trim();
            if (!long.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                throw new CsvFormatException(path, reader.LineNumber, FixedColumns[0], $"'{index}' is not a non-negative integer");
            if (!indices.Add(value))
                throw new CsvFormatException(path, reader.LineNumber, FixedColumns[0], $"example {value} is listed twice");
            bool any = false;
            for (int t = 0; t < tags.Length; t++)
            {
                string cell = fields[FixedColumns.Count + t].Text(reader.Line).Trim();
                if (Marks.Contains(cell, StringComparer.OrdinalIgnoreCase))
                {
                    counts[t]++;
                    any = true;
                }
                else if (!NoMarks.Contains(cell, StringComparer.OrdinalIgnoreCase))
                {
                    throw new CsvFormatException(path, reader.LineNumber, tags[t],
                        $"'{cell}' is not a tag value; mark a tag with {string.Join(", ", Marks)} and leave it empty (or {string.Join(", ", NoMarks.Skip(1))}) otherwise");
                }
            }
            errors++;
            if (!any)
                untagged++;
        }
        if (errors == 0)
            throw new CsvFormatException(path, reader.LineNumber, null, "there are no example rows after the header");

        var rows = tags.Select((tag, t) => new CeilingRow(tag, counts[t], (double)counts[t] / errors, devError * (1 - (double)counts[t] / errors)))
            .OrderByDescending(r => r.Count)
            .ToArray();
        return new CeilingTable(devError, errors, untagged, rows);
    }

    private static void ValidateTags(IReadOnlyList<string> tags)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string fixedColumn in FixedColumns)
            seen.Add(fixedColumn);
        for (int t = 0; t < tags.Count; t++)
        {
            string tag = tags[t];
            if (string.IsNullOrWhiteSpace(tag))
                throw new ArgumentException($"Tag {t} has no name.", nameof(tags));
            if (tag.Trim() != tag || tag.Contains('\n') || tag.Contains('\r'))
                throw new ArgumentException($"Tag '{tag}' has leading or trailing spaces or a line break.", nameof(tags));
            if (!seen.Add(tag))
                throw new ArgumentException($"Tag '{tag}' repeats a column name.", nameof(tags));
        }
    }

    private static string Label(int label, IReadOnlyList<string>? classNames, string what)
    {
        if (classNames is null)
            return label.ToString(CultureInfo.InvariantCulture);
        if ((uint)label >= (uint)classNames.Count)
            throw new ArgumentException($"Label {label} of '{what}' has no class name; there are {classNames.Count}.", what);
        return classNames[label];
    }
}
