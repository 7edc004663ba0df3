using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Backprop.Layers;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Optimizers;

/// <summary>
/// Nesterov accelerated gradient, written in the same (1 − β)-scaled form as <see cref="Momentum"/>: the step
/// uses the velocity one step ahead instead of the current one.
/// </summary>
/// <remarks>
/// <para>For every parameter W with gradient dW (computed at the current W), each
/// <see cref="IOptimizerState{T}.Update"/> effectively computes the look-ahead form
/// <code>
/// v = β·v + (1 − β)·dW
/// W = W − α·(β·v + (1 − β)·dW)
/// </code>
/// with v starting at zero and the second line using the v just updated. This is the reformulation of
/// Nesterov momentum (Sutskever et al., 2013; Bengio et al., 2012) that needs no gradient at a shifted point;
/// Keras and PyTorch (<c>nesterov=True</c>) use it in the unscaled form v = β·v + dW, W = W − α·(β·v + dW),
/// whose learning rate corresponds to α/(1 − β) here.</para>
/// <para>State: one tensor per parameter, slot <c>{parameter}.velocity</c> (v).</para>
/// </remarks>
/// <example><code>var optimizer = new Nesterov(learningRate: 0.1, beta: 0.9);</code></example>
public sealed class Nesterov : Optimizer
{
    /// <summary>Creates the rule v = β·v + (1 − β)·dW; W = W − α·(β·v + (1 − β)·dW).</summary>
    /// <param name="learningRate">α, positive and finite.</param>
    /// <param name="beta">β, the momentum, 0 ≤ β &lt; 1 (0 gives plain gradient descent).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not positive and finite, or <paramref name="beta"/> is outside [0, 1).</exception>
    public Nesterov(double learningRate, double beta = 0.9) : base(learningRate)
    {
        Beta = Hyperparameter.Beta(beta);
    }

    /// <summary>β in v = β·v + (1 − β)·dW and in the look-ahead step W = W − α·(β·v + (1 − β)·dW).</summary>
    public double Beta { get; }

    /// <summary>A short name with the hyperparameters, e.g. <c>Nesterov(α=0.1, β=0.9)</c>.</summary>
    public override string Name => $"Nesterov(α={Hyperparameter.Format(LearningRate)}, β={Hyperparameter.Format(Beta)})";

    /// <summary>
    /// Creates a zero velocity v per parameter; each <see cref="IOptimizerState{T}.Update"/> then applies
    /// v = β·v + (1 − β)·dW; W = W − α·(β·v + (1 − β)·dW) to every parameter.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">Two parameters share a name.</exception>
    public override IOptimizerState<T> CreateState<T>(IReadOnlyList<Parameter<T>> parameters)
        => new SingleSlotState<T, NesterovOperator<T>>(parameters, "velocity",
            rate => new NesterovOperator<T>(T.CreateTruncating(Beta), T.CreateTruncating(1 - Beta), T.CreateTruncating(rate)));
}

/// <summary>(g, v, W) → v = β·v + (1 − β)·g; W − α·(β·v + (1 − β)·g), left to right.</summary>
internal readonly struct NesterovOperator<T>(T beta, T oneMinusBeta, T learningRate) : IUpdateOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T g, ref T v, T w)
    {
        T step = oneMinusBeta * g;
        v = beta * v + step;
        return w - learningRate * (beta * v + step);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> g, ref Vector128<T> v, Vector128<T> w)
    {
        var b = Vector128.Create(beta);
        var step = Vector128.Create(oneMinusBeta) * g;
        v = b * v + step;
        return w - Vector128.Create(learningRate) * (b * v + step);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> g, ref Vector256<T> v, Vector256<T> w)
    {
        var b = Vector256.Create(beta);
        var step = Vector256.Create(oneMinusBeta) * g;
        v = b * v + step;
        return w - Vector256.Create(learningRate) * (b * v + step);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, ref Vector512<T> v, Vector512<T> w)
    {
        var b = Vector512.Create(beta);
        var step = Vector512.Create(oneMinusBeta) * g;
        v = b * v + step;
        return w - Vector512.Create(learningRate) * (b * v + step);
    }
}
