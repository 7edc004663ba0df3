using System.Globalization;

namespace Backprop.Diagnostics;

/// <summary>The size of one parameter tensor θ and of its gradient dθ, as <see cref="LayerStatistics"/> saw them.</summary>
/// <param name="Name">The parameter's dotted name, e.g. <c>layers.2.W</c>.</param>
/// <param name="IsWeight">True for weight matrices W (the regularized parameters); false for b, γ and β.</param>
/// <param name="Norm">‖θ‖₂, the L2 (Frobenius) norm of the current value.</param>
/// <param name="GradientNorm">‖dθ‖₂, the L2 norm of the gradient of the last backward pass.</param>
public sealed record ParameterStatistics(string Name, bool IsWeight, double Norm, double GradientNorm)
{
    /// <summary>
    /// ‖dθ‖₂ / ‖θ‖₂: how large one gradient step is relative to the parameter (before the learning rate).
    /// </summary>
    /// <remarks>
    /// When ‖θ‖₂ is 0 (a zero-initialized bias, or zero weights) the ratio is +∞ if the gradient is not
    /// zero, and 0 if it is: no gradient reaches the parameter at all.
    /// </remarks>
    public double Ratio => Norm != 0 ? GradientNorm / Norm
        : GradientNorm == 0 ? 0
        : double.IsNaN(GradientNorm) ? double.NaN
        : double.PositiveInfinity;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: ‖θ‖ {Norm:G4}, ‖dθ‖ {GradientNorm:G4}, ‖dθ‖/‖θ‖ {Ratio:G4}");
}
