namespace Backprop.Metrics;

/// <summary>Whether a score is better high or low: the optimizing metric of <see cref="ModelSelection"/>, and the score a hyperparameter search (<see cref="Tuning.TuningRunner"/>) ranks trials by.</summary>
public enum Goal
{
    /// <summary>Higher is better (accuracy, F1).</summary>
    Maximize,

    /// <summary>Lower is better (error, cost).</summary>
    Minimize,
}
