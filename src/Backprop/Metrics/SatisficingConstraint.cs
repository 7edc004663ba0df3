using System.Globalization;

namespace Backprop.Metrics;

/// <summary>A satisficing metric: one that only has to be good enough, as a bound on its value.</summary>
/// <param name="Metric">The metric's name in <see cref="Candidate.Metrics"/>.</param>
/// <param name="Bound">≤ or ≥.</param>
/// <param name="Threshold">The bound, finite.</param>
public sealed record SatisficingConstraint(string Metric, Bound Bound, double Threshold)
{
    /// <summary>The constraint <c>metric ≤ threshold</c>.</summary>
    public static SatisficingConstraint AtMost(string metric, double threshold) => new(metric, Bound.AtMost, threshold);

    /// <summary>The constraint <c>metric ≥ threshold</c>.</summary>
    public static SatisficingConstraint AtLeast(string metric, double threshold) => new(metric, Bound.AtLeast, threshold);

    /// <summary>Whether <paramref name="value"/> meets the bound (the threshold itself is allowed).</summary>
    public bool IsSatisfiedBy(double value) => Bound == Bound.AtMost ? value <= Threshold : value >= Threshold;

    /// <summary>The constraint as text, e.g. <c>LatencyMs ≤ 100</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Metric} {(Bound == Bound.AtMost ? "≤" : "≥")} {Threshold}");
}
