namespace Backprop.Diagnostics;

/// <summary>The course's reading of a gradient check's relative difference.</summary>
public enum GradientCheckVerdict
{
    /// <summary>Below the "correct" threshold (about 1e-7): backpropagation is right.</summary>
    Correct,

    /// <summary>Between the thresholds (around 1e-5): inspect the worst entries; it may be a bug.</summary>
    Inspect,

    /// <summary>Above the "wrong" threshold (1e-3): backpropagation is almost certainly wrong.</summary>
    Wrong,
}
