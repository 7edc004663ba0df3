namespace Backprop.Serialization;

/// <summary>
/// The output layer of a <see cref="TrainingSpec"/>. Its activation and loss come from
/// <see cref="TrainingSpec.Task"/> unless both are given here (and then the task must be absent).
/// </summary>
public sealed record OutputSpec
{
    /// <summary><c>activation</c>: an explicit output activation, or null to take it from the task. Needs <see cref="Loss"/>.</summary>
    public ActivationKind? Activation { get; init; }

    /// <summary><c>leaky_slope</c>: the slope of a <c>leaky_relu</c> output, in [0, 1); 0.01 by default.</summary>
    public double LeakySlope { get; init; } = 0.01;

    /// <summary><c>loss</c>: an explicit loss, or null to take it from the task. Needs <see cref="Activation"/>.</summary>
    public LossKind? Loss { get; init; }

    /// <summary><c>initializer</c>: how the output weights are drawn; <c>xavier</c> by default (as the CLI does for He hidden layers).</summary>
    public InitializerKind Initializer { get; init; } = InitializerKind.Xavier;

    /// <summary><c>init_scale</c>: the standard deviation of <c>random</c>, positive; 0.01 by default. Only with <c>random</c>.</summary>
    public double InitScale { get; init; } = 0.01;
}
