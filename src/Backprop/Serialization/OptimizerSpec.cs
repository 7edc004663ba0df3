using Backprop.Optimizers;

namespace Backprop.Serialization;

/// <summary>
/// The update rule of a <see cref="TrainingSpec"/> and its hyperparameters. Only the fields that apply to
/// <see cref="Kind"/> may appear in JSON; the others keep their defaults and are ignored.
/// </summary>
public sealed record OptimizerSpec
{
    /// <summary><c>kind</c>: <c>gd</c>, <c>momentum</c>, <c>nesterov</c>, <c>rmsprop</c>, <c>adam</c> (the default) or <c>adamw</c>.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

    /// <summary><c>learning_rate</c>: α₀, positive; null for the kind's default (<see cref="EffectiveLearningRate"/>).</summary>
    public double? LearningRate { get; init; }

    /// <summary><c>beta</c>: the velocity decay of momentum and nesterov, in [0, 1); 0.9 by default.</summary>
    public double Beta { get; init; } = 0.9;

    /// <summary><c>beta1</c>: Adam's first-moment decay, in [0, 1); 0.9 by default. adam and adamw.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary><c>beta2</c>: the second-moment decay, in [0, 1); 0.999 by default. rmsprop, adam and adamw.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary><c>epsilon</c>: added to the root-mean-square denominator, positive; 1e-8 by default. rmsprop, adam and adamw.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary><c>weight_decay</c>: AdamW's decoupled decay λ, ≥ 0; 0.01 by default. adamw only.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>The learning rate used: <see cref="LearningRate"/>, else 0.001 for rmsprop/adam/adamw and 0.01 for gd/momentum/nesterov (the CLI's defaults).</summary>
    public double EffectiveLearningRate => LearningRate ?? (Kind is OptimizerKind.RmsProp or OptimizerKind.Adam or OptimizerKind.AdamW ? 0.001 : 0.01);

    /// <summary>Whether the JSON field <paramref name="field"/> applies to <see cref="Kind"/>.</summary>
    internal bool Applies(string field) => field switch
    {
        "kind" or "learning_rate" => true,
        "beta" => Kind is OptimizerKind.Momentum or OptimizerKind.Nesterov,
        "beta1" => Kind is OptimizerKind.Adam or OptimizerKind.AdamW,
        "beta2" or "epsilon" => Kind is OptimizerKind.RmsProp or OptimizerKind.Adam or OptimizerKind.AdamW,
        "weight_decay" => Kind is OptimizerKind.AdamW,
        _ => false,
    };

    /// <summary>The library optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public Optimizer Create() => Kind switch
    {
        OptimizerKind.GradientDescent => new GradientDescent(EffectiveLearningRate),
        OptimizerKind.Momentum => new Momentum(EffectiveLearningRate, Beta),
        OptimizerKind.Nesterov => new Nesterov(EffectiveLearningRate, Beta),
        OptimizerKind.RmsProp => new RmsProp(EffectiveLearningRate, Beta2, Epsilon),
        OptimizerKind.Adam => new Adam(EffectiveLearningRate, Beta1, Beta2, Epsilon),
        OptimizerKind.AdamW => new AdamW(EffectiveLearningRate, Beta1, Beta2, Epsilon, WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown optimizer."),
    };
}
