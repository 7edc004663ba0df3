using System.Globalization;

namespace Backprop.Diagnostics;

/// <summary>
/// Statistics of a layer's output A over all n_l × m entries of the last forward pass.
/// </summary>
/// <param name="Units">n_l, the rows of A.</param>
/// <param name="Examples">m, the columns of A (the examples of the last batch).</param>
/// <param name="Mean">The mean of all entries.</param>
/// <param name="StandardDeviation">The population standard deviation of all entries, √((1/N)·Σ (a − mean)²), N = n_l·m.</param>
/// <param name="ZeroFraction">Fraction of entries exactly 0 (for ReLU: units switched off on that example).</param>
/// <param name="DeadUnitFraction">Fraction of units (rows) that are exactly 0 on every example of the batch: dead ReLUs, whose gradient is 0 too.</param>
/// <param name="SaturatedFraction">
/// Fraction of entries within 1 − <see cref="LayerStatistics.SaturationLevel"/> (0.01) of an asymptote
/// of the activation: |a| &gt; 0.99 for tanh, a &lt; 0.01 or a &gt; 0.99 for sigmoid. There g′(z) is below
/// about 0.02 and almost no gradient passes. Null for activations without asymptotes (ReLU, leaky ReLU,
/// linear), softmax, and outputs that are not an activation's (batch normalization).
/// </param>
public sealed record ActivationStatistics(int Units, int Examples, double Mean, double StandardDeviation,
    double ZeroFraction, double DeadUnitFraction, double? SaturatedFraction)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"A [{Units}, {Examples}]: mean {Mean:G4}, std {StandardDeviation:G4}, zeros {Percent(ZeroFraction)}, dead units {Percent(DeadUnitFraction)}, saturated {(SaturatedFraction is { } s ? Percent(s) : "n/a")}");

    private static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:0.#}%");
}
