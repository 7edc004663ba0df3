namespace Backprop.Diagnostics;

/// <summary>Which of <see cref="GradientMonitor{T}"/>'s rules a <see cref="GradientWarning"/> comes from.</summary>
public enum GradientWarningKind
{
    /// <summary>Vanishing: a weight's ‖dW‖/‖W‖ is below <see cref="GradientMonitor{T}.MinimumRelativeGradient"/>.</summary>
    VanishingRelativeToWeights,

    /// <summary>Vanishing: the first dense layer's dZ is more than <see cref="GradientMonitor{T}.MaximumLayerRatio"/> times smaller than the output layer's.</summary>
    VanishingAcrossLayers,

    /// <summary>Exploding: a norm, dZ or an activation statistic is NaN or infinite.</summary>
    ExplodingNonFinite,

    /// <summary>Exploding: the first dense layer's dZ is more than <see cref="GradientMonitor{T}.MaximumLayerRatio"/> times larger than the output layer's.</summary>
    ExplodingAcrossLayers,

    /// <summary>Exploding: a weight's ‖dW‖ grew more than <see cref="GradientMonitor{T}.MaximumEpochGrowth"/> times since the previous recorded epoch.</summary>
    ExplodingBetweenEpochs,
}

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
