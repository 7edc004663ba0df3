namespace Backprop.Tuning;

/// <summary>Whether a smaller or a larger score is better.</summary>
public enum OptimizationDirection
{
    /// <summary>Smaller is better (a cost or an error rate).</summary>
    Minimize,

    /// <summary>Larger is better (accuracy or F1).</summary>
    Maximize,
}
