using System.Numerics;
using Backprop.Layers;

namespace Backprop.Regularization;

/// <summary>
/// A penalty on the weights added to the cost, J = (1/m)·Σ L(ŷ, y) + penalty, with its gradient added
/// to each dW. It acts on parameters marked <see cref="Parameter{T}.Regularized"/> (the weight matrices),
/// never on biases.
/// </summary>
/// <remarks>
/// The course scales penalties by 1/m, the number of examples in the batch. Keras does not (its
/// <c>L2(l2)</c> adds l2·Σw²): Keras's l2 equals the course's λ/(2m).
/// </remarks>
public abstract class Regularizer
{
    private protected Regularizer(double lambda)
    {
        if (!double.IsFinite(lambda) || lambda < 0)
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The regularization strength λ must be finite and ≥ 0.");
        Lambda = lambda;
    }

    /// <summary>L2 ("weight decay"): penalty λ/(2m)·Σ_l ‖W^[l]‖²_F, gradient (λ/m)·W^[l].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is negative or not finite.</exception>
    public static Regularizer L2(double lambda) => new L2Regularizer(lambda);

    /// <summary>L1: penalty λ/(2m)·Σ_l ‖W^[l]‖₁ (the course's scaling), gradient (λ/(2m))·sign(W^[l]).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is negative or not finite.</exception>
    public static Regularizer L1(double lambda) => new L1Regularizer(lambda);

    /// <summary>The strength λ.</summary>
    public double Lambda { get; }

    /// <summary>A short name, e.g. <c>L2(λ=0.7)</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The penalty for a batch of <paramref name="m"/> examples, summed over the regularized parameters.</summary>
    public double Penalty<T>(IReadOnlyList<Parameter<T>> parameters, int m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < parameters.Count; i++)
            if (parameters[i].Regularized)
                sum += Norm(parameters[i].Value.Span);
        return Scale(m) * sum;
    }

    /// <summary>Adds the penalty's gradient to each regularized parameter's gradient, for a batch of <paramref name="m"/> examples.</summary>
    public void AddGradient<T>(IReadOnlyList<Parameter<T>> parameters, int m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Lambda == 0)
            return;
        for (int i = 0; i < parameters.Count; i++)
            if (parameters[i].Regularized)
            {
                // The gradient changes after its layer checked it.
                parameters[i].GradientVerifiedFinite = false;
                AddGradient(parameters[i], m);
            }
    }

    /// <summary>The norm term of one weight matrix (Σw² or Σ|w|), accumulated in double.</summary>
    private protected abstract double Norm<T>(ReadOnlySpan<T> weights) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The factor in front of the summed norms for a batch of m examples.</summary>
    private protected abstract double Scale(int m);

    private protected abstract void AddGradient<T>(Parameter<T> weights, int m) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
