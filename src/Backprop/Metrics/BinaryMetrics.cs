namespace Backprop.Metrics;

/// <summary>
/// Precision, recall and F1 score for a binary classifier, with class 1 as the positive class.
/// </summary>
/// <remarks>
/// <para>Precision is the fraction of examples predicted positive that are positive, TP / (TP + FP); recall
/// is the fraction of positive examples that are predicted positive, TP / (TP + FN).</para>
/// <para>The F1 score, 2PR / (P + R), is their harmonic mean: the course's example of a single-number
/// evaluation metric, which lets a team compare two classifiers at a glance when one has the better
/// precision and the other the better recall.</para>
/// <para>A ratio whose denominator is zero (no positive predictions for precision, no positive examples for
/// recall, P + R = 0 for F1) is reported as 0, so a classifier that never says "positive" scores 0 rather
/// than NaN, which would poison a comparison of candidates.</para>
/// </remarks>
public static class BinaryMetrics
{
    /// <summary>Precision, TP / (TP + FP); 0 when nothing is predicted positive.</summary>
    /// <param name="predicted">Predicted labels, each 0 or 1.</param>
    /// <param name="actual">True labels, each 0 or 1, as many as <paramref name="predicted"/>.</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is not 0 or 1.</exception>
    public static double Precision(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual)
    {
        var (tp, fp, _) = Count(predicted, actual);
        return Ratio(tp, tp + fp);
    }

    /// <summary>Recall, TP / (TP + FN); 0 when there is no positive example.</summary>
    /// <param name="predicted">Predicted labels, each 0 or 1.</param>
    /// <param name="actual">True labels, each 0 or 1, as many as <paramref name="predicted"/>.</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is not 0 or 1.</exception>
    public static double Recall(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual)
    {
        var (tp, _, fn) = Count(predicted, actual);
        return Ratio(tp, tp + fn);
    }

    /// <summary>The F1 score of a classifier's predictions: 2PR / (P + R), or 0 when P + R = 0.</summary>
    /// <param name="predicted">Predicted labels, each 0 or 1.</param>
    /// <param name="actual">True labels, each 0 or 1, as many as <paramref name="predicted"/>.</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is not 0 or 1.</exception>
    public static double F1Score(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual)
    {
        var (tp, fp, fn) = Count(predicted, actual);
        return F1Score(Ratio(tp, tp + fp), Ratio(tp, tp + fn));
    }

    /// <summary>The F1 score from a precision and a recall: 2PR / (P + R), or 0 when both are 0.</summary>
    /// <param name="precision">P, in [0, 1].</param>
    /// <param name="recall">R, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">P or R is outside [0, 1] or NaN.</exception>
    public static double F1Score(double precision, double recall)
    {
        // Negated range tests so that NaN is rejected as well.
        if (!(precision >= 0 && precision <= 1))
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Precision must be in [0, 1].");
        if (!(recall >= 0 && recall <= 1))
            throw new ArgumentOutOfRangeException(nameof(recall), recall, "Recall must be in [0, 1].");
        double sum = precision + recall;
        return sum == 0 ? 0 : 2 * precision * recall / sum;
    }

    /// <summary>TP / denominator, or 0 when the denominator is 0.</summary>
    internal static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static (int TruePositives, int FalsePositives, int FalseNegatives) Count(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual)
    {
        LabelChecks.Require(predicted, actual, 2);
        int tp = 0, fp = 0, fn = 0;
        for (int j = 0; j < actual.Length; j++)
        {
            if (predicted[j] == 1 && actual[j] == 1) tp++;
            else if (predicted[j] == 1) fp++;
            else if (actual[j] == 1) fn++;
        }
        return (tp, fp, fn);
    }
}
