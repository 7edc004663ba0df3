namespace Backprop.Metrics;

/// <summary>Whether the optimizing metric is better high or low.</summary>
public enum Goal
{
    /// <summary>Higher is better (accuracy, F1).</summary>
    Maximize,

    /// <summary>Lower is better (error, cost).</summary>
    Minimize,
}
