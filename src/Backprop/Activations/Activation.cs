using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Activations;

/// <summary>
/// An activation function g applied element-wise to a layer's pre-activation: A = g(Z).
/// </summary>
/// <remarks>
/// <para>Use the shared instances (<see cref="Sigmoid"/>, <see cref="Tanh"/>, <see cref="ReLU"/>,
/// <see cref="Linear"/>) or <see cref="LeakyReLU(double)"/>.</para>
/// <para>Every derivative is written in terms of the activation A rather than Z (sigmoid: A(1−A);
/// tanh: 1−A²; ReLU: 1 where A &gt; 0), which is exact for these functions and lets the backward pass
/// reuse the forward pass's output.</para>
/// </remarks>
public abstract class Activation
{
    private protected Activation() { }

    /// <summary>The logistic sigmoid, σ(z) = 1 / (1 + e^(−z)); derivative σ(z)(1 − σ(z)).</summary>
    public static Activation Sigmoid { get; } = new SigmoidActivation();

    /// <summary>The hyperbolic tangent, tanh(z); derivative 1 − tanh²(z).</summary>
    public static Activation Tanh { get; } = new TanhActivation();

    /// <summary>The rectified linear unit, max(0, z); derivative 1 for z &gt; 0 and 0 for z ≤ 0 (as the course defines it).</summary>
    public static Activation ReLU { get; } = new ReluActivation();

    /// <summary>The identity, g(z) = z, for regression outputs.</summary>
    public static Activation Linear { get; } = new LinearActivation();

    /// <summary>
    /// Softmax over each example's units (each column of Z): a_c = e^(z_c) / Σ_k e^(z_k), computed with the
    /// column maximum subtracted first so e^z never overflows. Not element-wise: use it on the output
    /// layer with <see cref="Losses.Loss.CategoricalCrossEntropy"/>.
    /// </summary>
    public static Activation Softmax { get; } = new SoftmaxActivation();

    /// <summary>The leaky ReLU, z for z &gt; 0 and <paramref name="slope"/>·z otherwise.</summary>
    /// <param name="slope">The slope for negative inputs, in [0, 1); the course's default is 0.01.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is outside [0, 1) or not finite.</exception>
    public static Activation LeakyReLU(double slope = 0.01) => new LeakyReluActivation(slope);

    /// <summary>A short name, e.g. <c>ReLU</c> or <c>LeakyReLU(0.01)</c>.</summary>
    public abstract string Name { get; }

    /// <summary>g(z) for one value, in double precision (for inspection and tests).</summary>
    /// <exception cref="InvalidOperationException">The activation is not element-wise (softmax).</exception>
    public abstract double Apply(double z);

    /// <summary>
    /// The fused forward step of a dense layer: <c>Z[r, j] += b[r]</c>, then <c>A = g(Z)</c>, in one pass.
    /// </summary>
    internal abstract void Forward<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Whether <see cref="ForwardBlock"/> applies: g is element-wise and gives the same bits on any block of Z
    /// (its scalar and vector forms agree exactly), so the dense layer can run its forward step inside the product
    /// that makes Z, block by block on the threads that computed them.
    /// </summary>
    internal virtual bool ForwardsByBlock => false;

    /// <summary>
    /// <see cref="Forward"/> on rows [<paramref name="m0"/>, <paramref name="m1"/>) × columns [<paramref name="n0"/>,
    /// <paramref name="n1"/>) only; called only when <see cref="ForwardsByBlock"/>, with shapes already checked.
    /// </summary>
    internal virtual void ForwardBlock<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a, int m0, int m1, int n0, int n1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => throw new InvalidOperationException($"{Name} does not run by blocks.");

    /// <summary>
    /// <c>A = g(Z)</c> with no bias and <paramref name="z"/> left as it is, for an activation layer of its own
    /// (after batch norm). Returns false for an activation that is not element-wise (softmax); the caller then
    /// uses <see cref="Forward"/> on a copy.
    /// </summary>
    /// <remarks>Why not <see cref="Forward"/> with a zero bias: that writes Z back, so the layer had to copy its
    /// input first, an extra read and write of the whole batch.</remarks>
    internal virtual bool TryApply<T>(ReadOnlySpan<T> z, Span<T> a) where T : unmanaged, IFloatingPointIeee754<T> => false;

    /// <summary>
    /// The backward step: <c>dZ = dA ⊙ g′(Z)</c>, with g′ written in terms of the activation A.
    /// <paramref name="dZ"/> may be the same matrix as <paramref name="dA"/>.
    /// </summary>
    internal abstract void Backward<T>(Matrix<T> a, Matrix<T> dA, Matrix<T> dZ)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
