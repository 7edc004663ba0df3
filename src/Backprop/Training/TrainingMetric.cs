namespace Backprop.Training;

/// <summary>A per-epoch quantity a callback can watch.</summary>
public enum TrainingMetric
{
    /// <summary>The epoch's training cost (lower is better).</summary>
    TrainCost,

    /// <summary>The cost on the validation (dev) set after the epoch (lower is better).</summary>
    DevCost,

    /// <summary>The accuracy on the validation (dev) set after the epoch (higher is better).</summary>
    DevAccuracy,
}

/// <summary>What each <see cref="TrainingMetric"/> means for comparisons and where its value is.</summary>
public static class TrainingMetricExtensions
{
    /// <summary>True when larger values are better (accuracies), false for costs.</summary>
    public static bool HigherIsBetter(this TrainingMetric metric) => metric == TrainingMetric.DevAccuracy;

    /// <summary>
    /// Whether <paramref name="value"/> beats <paramref name="reference"/> by more than <paramref name="minDelta"/>
    /// in the metric's direction (larger for accuracies, smaller for costs).
    /// </summary>
    public static bool Improves(this TrainingMetric metric, double value, double reference, double minDelta = 0)
        => metric.HigherIsBetter() ? value > reference + minDelta : value < reference - minDelta;

    /// <summary>The metric's value in <paramref name="result"/>, or null when the epoch has none (no validation set).</summary>
    public static double? ValueIn(this TrainingMetric metric, EpochResult result) => metric switch
    {
        TrainingMetric.TrainCost => result.Cost,
        TrainingMetric.DevCost => result.DevCost,
        TrainingMetric.DevAccuracy => result.DevAccuracy,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };
}
