using Backprop.Optimizers;

namespace Backprop.Serialization;

/// <summary>The gradient clipping of a <see cref="TrainingSpec"/>.</summary>
public sealed record ClippingSpec
{
    /// <summary><c>kind</c>: <c>norm</c> (the default) or <c>value</c>.</summary>
    public ClippingKind Kind { get; init; } = ClippingKind.Norm;

    /// <summary><c>threshold</c>: the largest global norm (norm) or element magnitude (value); positive, required in JSON.</summary>
    public double Threshold { get; init; } = 1;

    /// <summary>The library clipping rule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not positive and finite.</exception>
    public GradientClipping Create() => Kind == ClippingKind.Value ? GradientClipping.ByValue(Threshold) : GradientClipping.ByNorm(Threshold);
}
