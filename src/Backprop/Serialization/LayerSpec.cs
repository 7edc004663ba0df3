using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>One hidden layer of a <see cref="TrainingSpec"/>: a dense layer, optionally batch-normalized, optionally followed by dropout.</summary>
public sealed record LayerSpec
{
    /// <summary><c>units</c>: the number of units n_l, at least 1. Required in JSON.</summary>
    public int Units { get; init; } = 1;

    /// <summary><c>activation</c>: any activation but softmax; <c>relu</c> by default.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Relu;

    /// <summary><c>leaky_slope</c>: the negative-side slope of <c>leaky_relu</c>, in [0, 1); 0.01 by default. Only with <c>leaky_relu</c>.</summary>
    public double LeakySlope { get; init; } = 0.01;

    /// <summary><c>initializer</c>: how W is drawn; <c>he</c> by default.</summary>
    public InitializerKind Initializer { get; init; } = InitializerKind.He;

    /// <summary><c>init_scale</c>: the standard deviation of <c>random</c>, positive; 0.01 by default. Only with <c>random</c>.</summary>
    public double InitScale { get; init; } = 0.01;

    /// <summary>
    /// <c>batch_norm</c>: batch normalization before the activation, or null for none. In JSON <c>true</c> means
    /// <see cref="BatchNormOptions.Default"/>, an object sets <c>momentum</c>, <c>epsilon</c> and <c>unbiased_running_variance</c>.
    /// </summary>
    public BatchNormOptions? BatchNorm { get; init; }

    /// <summary><c>keep_prob</c>: inverted-dropout keep probability on this layer's activations, in (0, 1]; 1 (no dropout) by default.</summary>
    public double KeepProb { get; init; } = 1;
}
