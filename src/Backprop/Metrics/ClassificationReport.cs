using System.Globalization;
using System.Text;

namespace Backprop.Metrics;

/// <summary>The metrics of one class in a <see cref="ClassificationReport"/>.</summary>
/// <param name="Class">The class index.</param>
/// <param name="Name">The class name.</param>
/// <param name="Precision">Of the examples predicted as this class, the fraction that are.</param>
/// <param name="Recall">Of the examples of this class, the fraction predicted as it.</param>
/// <param name="F1Score">2PR / (P + R).</param>
/// <param name="Support">The number of examples of this class.</param>
public sealed record ClassMetrics(int Class, string Name, double Precision, double Recall, double F1Score, int Support);

/// <summary>
/// Precision, recall, F1 score and support for every class, with the accuracy and the macro and weighted
/// averages: the numbers to read when deciding which classes a classifier gets wrong.
/// </summary>
public sealed class ClassificationReport
{
    private ClassificationReport(ClassMetrics[] classes, ClassMetrics macro, ClassMetrics weighted, double accuracy, int total)
    {
        Classes = classes;
        MacroAverage = macro;
        WeightedAverage = weighted;
        Accuracy = accuracy;
        Total = total;
    }

    /// <summary>One entry per class, in class order.</summary>
    public IReadOnlyList<ClassMetrics> Classes { get; }

    /// <summary>The unweighted means over the classes (<see cref="ClassMetrics.Class"/> is −1, support the total).</summary>
    public ClassMetrics MacroAverage { get; }

    /// <summary>The support-weighted means over the classes (<see cref="ClassMetrics.Class"/> is −1, support the total).</summary>
    public ClassMetrics WeightedAverage { get; }

    /// <summary>The fraction of examples classified correctly.</summary>
    public double Accuracy { get; }

    /// <summary>The number of examples.</summary>
    public int Total { get; }

    /// <summary>The report of a confusion matrix's counts.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="confusion"/> is null.</exception>
    public static ClassificationReport From(ConfusionMatrix confusion)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        var classes = new ClassMetrics[confusion.Classes];
        for (int c = 0; c < classes.Length; c++)
            classes[c] = new ClassMetrics(c, confusion.ClassNames[c], confusion.Precision(c), confusion.Recall(c), confusion.F1Score(c), confusion.Support(c));
        var macro = new ClassMetrics(-1, "macro avg", confusion.MacroPrecision, confusion.MacroRecall, confusion.MacroF1Score, confusion.Total);
        var weighted = new ClassMetrics(-1, "weighted avg", confusion.WeightedPrecision, confusion.WeightedRecall, confusion.WeightedF1Score, confusion.Total);
        return new ClassificationReport(classes, macro, weighted, confusion.Accuracy, confusion.Total);
    }

    /// <summary>Counts the predictions and reports them; see <see cref="ConfusionMatrix.From"/> for the arguments and errors.</summary>
    public static ClassificationReport From(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, int classes, IReadOnlyList<string>? classNames = null)
        => From(ConfusionMatrix.From(predicted, actual, classes, classNames));

    /// <summary>A table: one line per class, then accuracy and the two averages, values to 4 decimals.</summary>
    public override string ToString()
    {
        int first = Math.Max("weighted avg".Length, Classes.Max(c => c.Name.Length));
        var text = new StringBuilder();
        text.Append("".PadRight(first)).Append("  precision     recall         f1    support\n");
        foreach (var c in Classes)
            Line(text, c, first);
        text.Append('\n');
        text.Append("accuracy".PadRight(first)).Append(' ', 2 + 10 + 1 + 10 + 1)
            .Append(Format(Accuracy)).Append(' ')
            .Append(Total.ToString(CultureInfo.InvariantCulture).PadLeft(10)).Append('\n');
        Line(text, MacroAverage, first);
        Line(text, WeightedAverage, first);
        return text.ToString();
    }

    private static void Line(StringBuilder text, ClassMetrics c, int first) => text
        .Append(c.Name.PadRight(first)).Append("  ")
        .Append(Format(c.Precision)).Append(' ')
        .Append(Format(c.Recall)).Append(' ')
        .Append(Format(c.F1Score)).Append(' ')
        .Append(c.Support.ToString(CultureInfo.InvariantCulture).PadLeft(10)).Append('\n');

    private static string Format(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture).PadLeft(10);
}
