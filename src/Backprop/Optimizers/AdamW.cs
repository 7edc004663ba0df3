using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Backprop.Layers;
using Backprop.Tensors.Kernels;

namespace Backprop.Optimizers;

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019, https://arxiv.org/abs/1711.05101): <see cref="Adam"/> plus decoupled
/// weight decay, which shrinks the weights directly instead of adding λ·W to the gradient.
/// </summary>
/// <remarks>
/// <para>For every parameter W with gradient dW, update number t effectively computes
/// <code>
/// W  = W − (α·λ)·W                       (only where Parameter.Regularized: weight matrices, not biases)
/// v  = β₁·v + (1 − β₁)·dW
/// v̂  = v / (1 − β₁ᵗ)
/// s  = β₂·s + (1 − β₂)·(dW·dW)
/// ŝ  = s / (1 − β₂ᵗ)
/// W  = W − (α·v̂) / (√ŝ + ε)
/// </code>
/// The decay uses the weights from before this step (as PyTorch's and Keras's AdamW do), α is the learning rate
/// of this step (so a schedule scales the decay too), and α·λ is formed in double. Both lines run in the same
/// single pass over memory: the decay wraps Adam's fused kernel rather than copying it.</para>
/// <para>Note: unlike an L2 penalty (λ/(2m)·‖W‖² in the course), the decay is not divided by Adam's √ŝ, so
/// rarely-updated weights are not decayed less; and the same λ means different things in the two schemes.
/// With λ = 0 AdamW is exactly <see cref="Adam"/>.</para>
/// <para>State: the same as Adam's, slots <c>{parameter}.velocity</c> and <c>{parameter}.mean_square</c>.</para>
/// </remarks>
/// <example><code>var optimizer = new AdamW(learningRate: 0.001, weightDecay: 0.01);</code></example>
public sealed class AdamW : Optimizer
{
    private readonly Adam _adam;

    /// <summary>
    /// Creates the rule W = W − (α·λ)·W (regularized parameters only), then Adam's
    /// W = W − (α·v̂)/(√ŝ + ε) with v̂ = v/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ).
    /// </summary>
    /// <param name="learningRate">α, positive and finite.</param>
    /// <param name="beta1">β₁, the decay of the gradient average v, 0 ≤ β₁ &lt; 1.</param>
    /// <param name="beta2">β₂, the decay of the squared-gradient average s, 0 ≤ β₂ &lt; 1.</param>
    /// <param name="epsilon">ε, added to √ŝ; positive and finite.</param>
    /// <param name="weightDecay">λ, the decoupled weight decay per unit of learning rate; non-negative and finite (0 gives Adam). The default 0.01 is PyTorch's.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not positive and finite, a β is outside [0, 1), <paramref name="epsilon"/> is not positive and finite, or <paramref name="weightDecay"/> is negative or not finite.</exception>
    public AdamW(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(learningRate)
    {
        _adam = new Adam(learningRate, beta1, beta2, epsilon);
        WeightDecay = Hyperparameter.WeightDecay(weightDecay);
    }

    /// <summary>β₁ in v = β₁·v + (1 − β₁)·dW and v̂ = v/(1 − β₁ᵗ).</summary>
    public double Beta1 => _adam.Beta1;

    /// <summary>β₂ in s = β₂·s + (1 − β₂)·dW² and ŝ = s/(1 − β₂ᵗ).</summary>
    public double Beta2 => _adam.Beta2;

    /// <summary>ε in W = W − (α·v̂)/(√ŝ + ε).</summary>
    public double Epsilon => _adam.Epsilon;

    /// <summary>λ in the decoupled decay W = W − (α·λ)·W, applied to regularized parameters only.</summary>
    public double WeightDecay { get; }

    /// <summary>A short name with the hyperparameters, e.g. <c>AdamW(α=0.001, β1=0.9, β2=0.999, ε=1E-08, λ=0.01)</c>.</summary>
    public override string Name => $"AdamW({_adam.Hyperparameters}, λ={Hyperparameter.Format(WeightDecay)})";

    /// <summary>
    /// Creates zero moments v and s per parameter; update t then applies W = W − (α·λ)·W to each parameter with
    /// <see cref="Parameter{T}.Regularized"/> set, followed by Adam's
    /// W = W − (α·v/(1 − β₁ᵗ))/(√(s/(1 − β₂ᵗ)) + ε) to every parameter.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">Two parameters share a name.</exception>
    public override IOptimizerState<T> CreateState<T>(IReadOnlyList<Parameter<T>> parameters) => _adam.CreateState(parameters, WeightDecay);
}

/// <summary>
/// Decoupled weight decay around any two-state update: W is first shrunk to W − (α·λ)·W, then handed to the
/// inner rule, all in the inner rule's single pass.
/// </summary>
internal readonly struct DecoupledWeightDecayOperator<T, TInner>(T decay, TInner inner) : ITwoStateUpdateOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TInner : struct, ITwoStateUpdateOperator<T>
{
    public static bool Vectorizable => TInner.Vectorizable;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T g, ref T first, ref T second, T w)
        => inner.Invoke(g, ref first, ref second, w - decay * w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> g, ref Vector128<T> first, ref Vector128<T> second, Vector128<T> w)
        => inner.Invoke(g, ref first, ref second, w - Vector128.Create(decay) * w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> g, ref Vector256<T> first, ref Vector256<T> second, Vector256<T> w)
        => inner.Invoke(g, ref first, ref second, w - Vector256.Create(decay) * w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> g, ref Vector512<T> first, ref Vector512<T> second, Vector512<T> w)
        => inner.Invoke(g, ref first, ref second, w - Vector512.Create(decay) * w);
}
