using Backprop.Regularization;

namespace Backprop.Serialization;

/// <summary>The weight penalty of a <see cref="TrainingSpec"/>.</summary>
public sealed record RegularizationSpec
{
    /// <summary><c>kind</c>: <c>l2</c> (the default) or <c>l1</c>.</summary>
    public RegularizationKind Kind { get; init; } = RegularizationKind.L2;

    /// <summary><c>lambda</c>: the strength λ, finite and ≥ 0; required in JSON.</summary>
    public double Lambda { get; init; }

    /// <summary>The library regularizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">λ is negative or not finite.</exception>
    public Regularizer Create() => SpecNames.Regularizer(Kind, Lambda);
}
