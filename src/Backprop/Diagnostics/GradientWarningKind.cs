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
