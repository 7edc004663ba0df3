namespace Backprop.Metrics;

/// <summary>Which way a satisficing constraint bounds its metric.</summary>
public enum Bound
{
    /// <summary>The metric must be ≤ the threshold (e.g. latency, size).</summary>
    AtMost,

    /// <summary>The metric must be ≥ the threshold (e.g. recall on a critical class).</summary>
    AtLeast,
}
