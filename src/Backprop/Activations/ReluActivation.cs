using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Activations;

/// <summary>max(0, z); dZ = dA where A &gt; 0 (equivalently Z &gt; 0), else 0.</summary>
internal sealed class ReluActivation : Activation
{
    public override string Name => "ReLU";

    public override double Apply(double z) => z > 0 ? z : 0.0;

    internal override void Forward<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a)
        => Elementwise.BiasThenApply(z, bias, a, default(ReluOperator<T>));

    internal override bool ForwardsByBlock => true;

    internal override void ForwardBlock<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a, int m0, int m1, int n0, int n1)
        => Elementwise.BiasThenApplyBlock(z, bias, a, default(ReluOperator<T>), m0, m1, n0, n1);

    internal override bool TryApply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        Elementwise.Apply(z, a, default(ReluOperator<T>));
        return true;
    }

    internal override void Backward<T>(Matrix<T> a, Matrix<T> dA, Matrix<T> dZ)
        => Elementwise.Apply(a.Span, dA.Span, dZ.Span, default(ReluBackwardOperator<T>));
}

/// <summary>x → x &gt; 0 ? x : 0 (NaN stays NaN, so divergence is not hidden).</summary>
internal readonly struct ReluOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public T Invoke(T x) => x > T.Zero || T.IsNaN(x) ? x : T.Zero;
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(x, Vector128<T>.Zero), Vector128<T>.Zero, x);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256<T>.Zero), Vector256<T>.Zero, x);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, Vector512<T>.Zero), Vector512<T>.Zero, x);
}

/// <summary>(a, dA) → a ≤ 0 ? 0 : dA, the course's <c>dZ[Z &lt;= 0] = 0</c> (a NaN activation keeps its NaN gradient, so divergence shows).</summary>
internal readonly struct ReluBackwardOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public T Invoke(T a, T dA) => a <= T.Zero ? T.Zero : dA;
    public Vector128<T> Invoke(Vector128<T> a, Vector128<T> dA) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(a, Vector128<T>.Zero), Vector128<T>.Zero, dA);
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> dA) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(a, Vector256<T>.Zero), Vector256<T>.Zero, dA);
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> dA) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(a, Vector512<T>.Zero), Vector512<T>.Zero, dA);
}
