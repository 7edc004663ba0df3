using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Backprop.Layers;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Optimizers;

/// <summary>
/// Gradient descent with momentum, in the course's form: an exponentially weighted average v of the
/// gradients replaces the gradient in the step.
/// </summary>
/// <remarks>
/// <para>For every parameter W with gradient dW, each <see cref="IOptimizerState{T}.Update"/> effectively computes
/// <code>
/// v = β·v + (1 − β)·dW
/// W = W − α·v
/// </code>
/// with v starting at zero, evaluated in exactly this order (the course's NumPy
/// <c>v = beta*v + (1-beta)*grads; W = W - learning_rate*v</c>), so double-precision runs reproduce the course
/// bit for bit. There is no bias correction.</para>
/// <para>Note: Keras and PyTorch use the unscaled form v = β·v + dW; their learning rate corresponds to
/// α/(1 − β) here (0.01 there ≈ 0.1 here at β = 0.9).</para>
/// <para>State: one tensor per parameter, slot <c>{parameter}.velocity</c> (v).</para>
/// </remarks>
/// <example><code>var optimizer = new Momentum(learningRate: 0.0007, beta: 0.9);</code></example>
public sealed class Momentum : Optimizer
{
    /// <summary>Creates the rule v = β·v + (1 − β)·dW; W = W − α·v.</summary>
    /// <param name="learningRate">α, positive and finite.</param>
    /// <param name="beta">β, the momentum, 0 ≤ β &lt; 1 (0 gives plain gradient descent). The course uses 0.9.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not positive and finite, or <paramref name="beta"/> is outside [0, 1).</exception>
    public Momentum(double learningRate, double beta = 0.9) : base(learningRate)
    {
        Beta = Hyperparameter.Beta(beta);
    }

    /// <summary>β in v = β·v + (1 − β)·dW.</summary>
    public double Beta { get; }

    /// <summary>A short name with the hyperparameters, e.g. <c>Momentum(α=0.0007, β=0.9)</c>.</summary>
    public override string Name => $"Momentum(α={Hyperparameter.Format(LearningRate)}, β={Hyperparameter.Format(Beta)})";

    /// <summary>
    /// Creates a zero velocity v per parameter; each <see cref="IOptimizerState{T}.Update"/> then applies
    /// v = β·v + (1 − β)·dW; W = W − α·v to every parameter.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">Two parameters share a name.</exception>
    public override IOptimizerState<T> CreateState<T>(IReadOnlyList<Parameter<T>> parameters)
        // 1 − β is formed in double, as Python does, before rounding to T.
        => new SingleSlotState<T, MomentumOperator<T>>(parameters, "velocity",
            rate => new MomentumOperator<T>(T.CreateTruncating(Beta), T.CreateTruncating(1 - Beta), T.CreateTruncating(rate)));
}

/// <summary>(g, v, W) → v = β·v + (1 − β)·g; W − α·v, in the course's operation order.</summary>
internal readonly struct MomentumOperator<T>(T beta, T oneMinusBeta, T learningRate) : IUpdateOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T g, ref T v, T w)
    {
        v = beta * v + oneMinusBeta * g;
        return w - learningRate * v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> g, ref Vector128<T> v, Vector128<T> w)
    {
        v = Vector128.Create(beta) * v + Vector128.Create(oneMinusBeta) * g;
        return w - Vector128.Create(learningRate) * v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> g, ref Vector256<T> v, Vector256<T> w)
    {
        v = Vector256.Create(beta) * v + Vector256.Create(oneMinusBeta) * g;
        return w - Vector256.Create(learningRate) * v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, ref Vector512<T> v, Vector512<T> w)
    {
        v = Vector512.Create(beta) * v + Vector512.Create(oneMinusBeta) * g;
        return w - Vector512.Create(learningRate) * v;
    }
}
