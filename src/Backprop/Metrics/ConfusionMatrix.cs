using System.Globalization;
using System.Numerics;
using System.Text;
using Backprop.Data;
using Backprop.Tensors;

namespace Backprop.Metrics;

/// <summary>
/// The counts of a classifier's predictions by true class (rows) and predicted class (columns), with the
/// per-class and averaged precision, recall and F1 score derived from them.
/// </summary>
/// <remarks>
/// <para>For class c, the true positives are the diagonal count [c, c], the false positives the rest of column
/// c, and the false negatives the rest of row c. A ratio whose denominator is zero is 0 (see
/// <see cref="BinaryMetrics"/>).</para>
/// <para>The macro average weights every class equally, so a rare class that is handled badly shows; the
/// weighted average weights each class by its support (its number of true examples).</para>
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;
    private readonly string[] _names;

    private ConfusionMatrix(int[,] counts, string[] names, int total)
    {
        _counts = counts;
        _names = names;
        Total = total;
    }

    /// <summary>Counts predicted against true class indices.</summary>
    /// <param name="predicted">The predicted class of each example, in [0, <paramref name="classes"/>).</param>
    /// <param name="actual">The true class of each example, as many as <paramref name="predicted"/>.</param>
    /// <param name="classes">The number of classes C, at least 2.</param>
    /// <param name="classNames">Names for the classes in tables; "0", "1", … when null.</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, or the names are not C.</exception>
    /// <exception cref="ArgumentOutOfRangeException">C &lt; 2, or a label is outside [0, C).</exception>
    public static ConfusionMatrix From(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, int classes, IReadOnlyList<string>? classNames = null)
    {
        LabelChecks.Require(predicted, actual, classes);
        if (classNames is not null && classNames.Count != classes)
            throw new ArgumentException($"There are {classNames.Count} class names for {classes} classes.", nameof(classNames));
        var counts = new int[classes, classes];
        for (int j = 0; j < actual.Length; j++)
            counts[actual[j], predicted[j]]++;
        string[] names = classNames?.Select((n, k) => string.IsNullOrEmpty(n) ? k.ToString(CultureInfo.InvariantCulture) : n).ToArray()
            ?? Enumerable.Range(0, classes).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new ConfusionMatrix(counts, names, actual.Length);
    }

    /// <summary>
    /// Counts a softmax network's predictions (the row of each column's largest probability) against one-hot labels.
    /// </summary>
    /// <param name="probabilities">Softmax outputs, [C, m].</param>
    /// <param name="oneHot">One-hot labels, [C, m].</param>
    /// <param name="classNames">Names for the classes in tables; "0", "1", … when null.</param>
    /// <exception cref="ShapeMismatchException">The shapes differ.</exception>
    /// <exception cref="ArgumentException">The set is empty or a probability is not finite.</exception>
    public static ConfusionMatrix FromOneHot<T>(Matrix<T> probabilities, Matrix<T> oneHot, IReadOnlyList<string>? classNames = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(oneHot);
        ShapeMismatchException.ThrowIfDifferent(oneHot, probabilities, "predictions");
        foreach (var p in probabilities.Span)
        {
            if (!T.IsFinite(p))
                throw new ArgumentException($"A prediction is {p}; the network produced a non-finite output.", nameof(probabilities));
        }
        return From(OneHot.ArgMax(probabilities), OneHot.ArgMax(oneHot), oneHot.Rows, classNames);
    }

    /// <summary>The number of classes C.</summary>
    public int Classes => _names.Length;

    /// <summary>The number of examples counted.</summary>
    public int Total { get; }

    /// <summary>The class names used in tables, one per class.</summary>
    public IReadOnlyList<string> ClassNames => _names;

    /// <summary>The number of examples of true class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside [0, C).</exception>
    public int this[int actual, int predicted]
    {
        get
        {
            CheckClass(actual, nameof(actual));
            CheckClass(predicted, nameof(predicted));
            return _counts[actual, predicted];
        }
    }

    /// <summary>The fraction of examples on the diagonal (predicted class = true class).</summary>
    public double Accuracy
    {
        get
        {
            int correct = 0;
            for (int c = 0; c < Classes; c++)
                correct += _counts[c, c];
            return (double)correct / Total;
        }
    }

    /// <summary>The number of examples whose true class is <paramref name="c"/>.</summary>
    public int Support(int c)
    {
        CheckClass(c, nameof(c));
        int sum = 0;
        for (int k = 0; k < Classes; k++)
            sum += _counts[c, k];
        return sum;
    }

    /// <summary>The number of examples predicted as class <paramref name="c"/>.</summary>
    public int PredictedCount(int c)
    {
        CheckClass(c, nameof(c));
        int sum = 0;
        for (int k = 0; k < Classes; k++)
            sum += _counts[k, c];
        return sum;
    }

    /// <summary>Precision of class <paramref name="c"/>: [c, c] over the examples predicted as c; 0 when none are.</summary>
    public double Precision(int c) => BinaryMetrics.Ratio(this[c, c], PredictedCount(c));

    /// <summary>Recall of class <paramref name="c"/>: [c, c] over the examples of true class c; 0 when there are none.</summary>
    public double Recall(int c) => BinaryMetrics.Ratio(this[c, c], Support(c));

    /// <summary>F1 score of class <paramref name="c"/>: 2PR / (P + R), 0 when P + R = 0.</summary>
    public double F1Score(int c) => BinaryMetrics.F1Score(Precision(c), Recall(c));

    /// <summary>The unweighted mean of the per-class precisions.</summary>
    public double MacroPrecision => Macro(Precision);

    /// <summary>The unweighted mean of the per-class recalls.</summary>
    public double MacroRecall => Macro(Recall);

    /// <summary>The unweighted mean of the per-class F1 scores.</summary>
    public double MacroF1Score => Macro(F1Score);

    /// <summary>The mean of the per-class precisions weighted by support.</summary>
    public double WeightedPrecision => Weighted(Precision);

    /// <summary>The mean of the per-class recalls weighted by support (equal to <see cref="Accuracy"/>).</summary>
    public double WeightedRecall => Weighted(Recall);

    /// <summary>The mean of the per-class F1 scores weighted by support.</summary>
    public double WeightedF1Score => Weighted(F1Score);

    /// <summary>The per-class report (precision, recall, F1, support) of these counts.</summary>
    public ClassificationReport Report() => ClassificationReport.From(this);

    /// <summary>The counts as a table: one row per true class, one column per predicted class.</summary>
    public override string ToString()
    {
        const string corner = "true \\ predicted";
        int width = Math.Max(_names.Max(n => n.Length), Total.ToString(CultureInfo.InvariantCulture).Length);
        int first = Math.Max(corner.Length, _names.Max(n => n.Length));
        var text = new StringBuilder();
        text.Append(corner.PadRight(first));
        foreach (string name in _names)
            text.Append("  ").Append(name.PadLeft(width));
        text.Append('\n');
        for (int a = 0; a < Classes; a++)
        {
            text.Append(_names[a].PadRight(first));
            for (int p = 0; p < Classes; p++)
                text.Append("  ").Append(_counts[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            text.Append('\n');
        }
        return text.ToString();
    }

    private double Macro(Func<int, double> metric)
    {
        double sum = 0;
        for (int c = 0; c < Classes; c++)
            sum += metric(c);
        return sum / Classes;
    }

    private double Weighted(Func<int, double> metric)
    {
        double sum = 0;
        for (int c = 0; c < Classes; c++)
            sum += metric(c) * Support(c);
        return sum / Total;
    }

    private void CheckClass(int c, string name)
    {
        if ((uint)c >= (uint)Classes)
            throw new ArgumentOutOfRangeException(name, c, $"Class {c} is outside [0, {Classes}).");
    }
}
