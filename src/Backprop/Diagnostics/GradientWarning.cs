namespace Backprop.Diagnostics;

/// <summary>A sign of vanishing or exploding gradients found by <see cref="GradientMonitor{T}"/>.</summary>
/// <param name="Epoch">The recorded epoch it was found at.</param>
/// <param name="Kind">The rule that fired.</param>
/// <param name="LayerIndex">The layer concerned (for the across-layers rules, the first dense layer).</param>
/// <param name="Parameter">The parameter concerned, e.g. <c>layers.0.W</c>, or null when the rule is about a whole layer.</param>
/// <param name="Value">The measured value: a ratio, a growth factor, or the non-finite number.</param>
/// <param name="Threshold">The threshold it crossed (NaN for <see cref="GradientWarningKind.ExplodingNonFinite"/>).</param>
/// <param name="Message">A sentence explaining the finding and what usually fixes it.</param>
public sealed record GradientWarning(int Epoch, GradientWarningKind Kind, int LayerIndex, string? Parameter,
    double Value, double Threshold, string Message)
{
    /// <summary>True for the vanishing-gradient rules.</summary>
    public bool IsVanishing => Kind is GradientWarningKind.VanishingRelativeToWeights or GradientWarningKind.VanishingAcrossLayers;

    /// <summary>True for the exploding-gradient rules.</summary>
    public bool IsExploding => !IsVanishing;

    /// <inheritdoc/>
    public override string ToString() => $"Epoch {Epoch}: {Message}";
}
