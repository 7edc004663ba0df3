using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Backprop.Layers;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Optimizers;

/// <summary>
/// RMSprop: each element's step is divided by the root of an exponentially weighted average s of its
/// squared gradients, in the course's notation (β₂, s, ε).
/// </summary>
/// <remarks>
/// <para>For every parameter W with gradient dW, each <see cref="IOptimizerState{T}.Update"/> effectively computes
/// <code>
/// s = β₂·s + (1 − β₂)·(dW·dW)
/// W = W − (α·dW) / (√s + ε)
/// </code>
/// element-wise, with s starting at zero, in exactly this order (α multiplies dW before the division, as in the
/// course's <c>W - learning_rate * dW / (np.sqrt(s) + epsilon)</c>). There is no bias correction, so the first
/// steps are large: s starts near (1 − β₂)·dW², and the first step is about α/√(1 − β₂) per element.</para>
/// <para>Defaults: β₂ = 0.999 and ε = 1e-8, the values the course uses for Adam's second moment. Note: Keras
/// calls β₂ <c>rho</c> and defaults it to 0.9 (PyTorch: <c>alpha</c> = 0.99, ε = 1e-8 as here; Keras: ε = 1e-7).
/// Pass <c>beta2: 0.9</c> to match Keras.</para>
/// <para>State: one tensor per parameter, slot <c>{parameter}.mean_square</c> (s).</para>
/// </remarks>
/// <example><code>var optimizer = new RmsProp(learningRate: 0.001, beta2: 0.9);</code></example>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the rule s = β₂·s + (1 − β₂)·dW²; W = W − (α·dW)/(√s + ε).</summary>
    /// <param name="learningRate">α, positive and finite.</param>
    /// <param name="beta2">β₂, the decay of the average of squared gradients, 0 ≤ β₂ &lt; 1.</param>
    /// <param name="epsilon">ε, added to √s to avoid dividing by zero; positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not positive and finite, <paramref name="beta2"/> is outside [0, 1), or <paramref name="epsilon"/> is not positive and finite.</exception>
    public RmsProp(double learningRate, double beta2 = 0.999, double epsilon = 1e-8) : base(learningRate)
    {
        Beta2 = Hyperparameter.Beta(beta2);
        Epsilon = Hyperparameter.Epsilon(epsilon);
    }

    /// <summary>β₂ in s = β₂·s + (1 − β₂)·dW².</summary>
    public double Beta2 { get; }

    /// <summary>ε in W = W − (α·dW)/(√s + ε).</summary>
    public double Epsilon { get; }

    /// <summary>A short name with the hyperparameters, e.g. <c>RmsProp(α=0.001, β2=0.999, ε=1E-08)</c>.</summary>
    public override string Name => $"RmsProp(α={Hyperparameter.Format(LearningRate)}, β2={Hyperparameter.Format(Beta2)}, ε={Hyperparameter.Format(Epsilon)})";

    /// <summary>
    /// Creates a zero average s per parameter; each <see cref="IOptimizerState{T}.Update"/> then applies
    /// s = β₂·s + (1 − β₂)·dW²; W = W − (α·dW)/(√s + ε) to every parameter.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">Two parameters share a name.</exception>
    public override IOptimizerState<T> CreateState<T>(IReadOnlyList<Parameter<T>> parameters)
        => new SingleSlotState<T, RmsPropOperator<T>>(parameters, "mean_square",
            rate => new RmsPropOperator<T>(T.CreateTruncating(Beta2), T.CreateTruncating(1 - Beta2), T.CreateTruncating(rate), T.CreateTruncating(Epsilon)));
}

/// <summary>(g, s, W) → s = β₂·s + (1 − β₂)·(g·g); W − (α·g)/(√s + ε).</summary>
internal readonly struct RmsPropOperator<T>(T beta2, T oneMinusBeta2, T learningRate, T epsilon) : IUpdateOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T g, ref T s, T w)
    {
        s = beta2 * s + oneMinusBeta2 * (g * g);
        return w - learningRate * g / (T.Sqrt(s) + epsilon);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> g, ref Vector128<T> s, Vector128<T> w)
    {
        s = Vector128.Create(beta2) * s + Vector128.Create(oneMinusBeta2) * (g * g);
        return w - Vector128.Create(learningRate) * g / (Vector128.Sqrt(s) + Vector128.Create(epsilon));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> g, ref Vector256<T> s, Vector256<T> w)
    {
        s = Vector256.Create(beta2) * s + Vector256.Create(oneMinusBeta2) * (g * g);
        return w - Vector256.Create(learningRate) * g / (Vector256.Sqrt(s) + Vector256.Create(epsilon));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, ref Vector512<T> s, Vector512<T> w)
    {
        s = Vector512.Create(beta2) * s + Vector512.Create(oneMinusBeta2) * (g * g);
        return w - Vector512.Create(learningRate) * g / (Vector512.Sqrt(s) + Vector512.Create(epsilon));
    }
}
