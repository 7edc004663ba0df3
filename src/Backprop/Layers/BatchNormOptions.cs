namespace Backprop.Layers;

/// <summary>Settings of batch normalization on a dense layer (see <see cref="BatchNormLayer{T}"/>).</summary>
public sealed record BatchNormOptions
{
    /// <summary>
    /// Weight of the old value in the running mean and variance, in [0, 1): running = Momentum·running +
    /// (1 − Momentum)·batch. Keras's <c>momentum</c> means the same; PyTorch's is 1 − this (its 0.1 is 0.9 here).
    /// </summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>ε added to the variance before the square root (PyTorch's default 1e-5).</summary>
    public double Epsilon { get; init; } = 1e-5;

    /// <summary>Whether the running variance averages the unbiased batch variance σ²·m/(m − 1) (PyTorch) rather than σ² (Keras).</summary>
    public bool UnbiasedRunningVariance { get; init; } = true;

    /// <summary>The defaults: momentum 0.9 (PyTorch 0.1), ε 1e-5, unbiased running variance.</summary>
    public static BatchNormOptions Default { get; } = new();
}
