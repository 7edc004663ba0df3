using System.Numerics;
using Backprop.Activations;
using Backprop.Tensors;

namespace Backprop.Losses;

/// <summary>
/// A cost function J(A, Y) averaged over the m examples, together with its gradient with respect to
/// the output layer's pre-activation Z (the course's dZ^[L]).
/// </summary>
/// <remarks>
/// Gradient convention (the course's): <see cref="OutputGradient{T}"/> writes the per-example gradient
/// dZ^[L] without the 1/m factor; the layers apply 1/m in dW = (1/m)·dZ·A_prevᵀ and db = (1/m)·Σ dZ.
/// </remarks>
public abstract class Loss
{
    private protected Loss() { }

    /// <summary>Binary cross-entropy, J = −(1/m) Σ [y·log a + (1−y)·log(1−a)], for a sigmoid output.</summary>
    public static Loss BinaryCrossEntropy { get; } = new BinaryCrossEntropyLoss();

    /// <summary>Categorical cross-entropy, J = −(1/m) Σ_j Σ_c y_cj·log a_cj, for a softmax output and one-hot Y.</summary>
    public static Loss CategoricalCrossEntropy { get; } = new CategoricalCrossEntropyLoss();

    /// <summary>Binary cross-entropy summed over several sigmoid outputs (one per task), skipping labels that are NaN (missing).</summary>
    public static Loss MultiTaskBinaryCrossEntropy { get; } = new MultiTaskBinaryCrossEntropyLoss();

    /// <summary>Mean squared error, J = (1/(m·n_y)) Σ (a − y)², for regression outputs.</summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredErrorLoss();

    /// <summary>A short name, e.g. <c>BinaryCrossEntropy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Throws when this loss cannot follow <paramref name="outputActivation"/> (for example binary
    /// cross-entropy needs a sigmoid output, whose values are probabilities).
    /// </summary>
    /// <exception cref="ArgumentException">The pairing is not supported.</exception>
    public abstract void ValidateOutputActivation(Activation outputActivation);

    /// <summary>Throws when <paramref name="y"/> holds values this loss does not accept, naming the first offender.</summary>
    /// <exception cref="ArgumentException">A label is invalid (for binary cross-entropy: not 0 or 1).</exception>
    public abstract void ValidateLabels<T>(Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The cost averaged over the examples (columns), from the output layer's pre-activation
    /// <paramref name="z"/> and activation <paramref name="a"/>; accumulated in double precision.
    /// </summary>
    public abstract double Cost<T>(Matrix<T> z, Matrix<T> a, Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Writes the per-example gradient dZ^[L] = ∂L/∂Z^[L] into <paramref name="dZ"/>.</summary>
    public abstract void OutputGradient<T>(Activation outputActivation, Matrix<T> z, Matrix<T> a, Matrix<T> y, Matrix<T> dZ)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
