using Backprop.Training;
using Backprop.Training.Callbacks;

namespace Backprop.Serialization;

/// <summary>The early stopping of a <see cref="TrainingSpec"/>; its defaults are <see cref="EarlyStopping"/>'s.</summary>
public sealed record EarlyStoppingSpec
{
    /// <summary><c>metric</c>: <c>dev_cost</c> (the default), <c>dev_accuracy</c> or <c>train_cost</c>. The dev metrics need a validation set.</summary>
    public TrainingMetric Metric { get; init; } = TrainingMetric.DevCost;

    /// <summary><c>patience</c>: epochs without improvement tolerated before stopping, ≥ 0; 0 by default.</summary>
    public int Patience { get; init; }

    /// <summary><c>min_delta</c>: the smallest change that counts as an improvement, ≥ 0; 0 by default.</summary>
    public double MinDelta { get; init; }

    /// <summary><c>baseline</c>: a value the metric must beat to reset the patience count, or null (the default) for none.</summary>
    public double? Baseline { get; init; }

    /// <summary><c>restore_best_weights</c>: restore the best epoch's weights when stopping; false by default.</summary>
    public bool RestoreBestWeights { get; init; }

    /// <summary><c>start_from_epoch</c>: epochs ignored at the start (a warm-up), ≥ 0; 0 by default.</summary>
    public int StartFromEpoch { get; init; }

    /// <summary>A fresh callback with these settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public EarlyStopping Create() => new(Metric, Patience, MinDelta, Baseline, RestoreBestWeights, StartFromEpoch);
}
