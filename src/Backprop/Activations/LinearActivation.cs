using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Activations;

/// <summary>g(z) = z; dZ = dA.</summary>
internal sealed class LinearActivation : Activation
{
    public override string Name => "Linear";

    public override double Apply(double z) => z;

    internal override void Forward<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a)
        => Elementwise.BiasThenApply(z, bias, a, default(IdentityOperator<T>));

    internal override bool ForwardsByBlock => true;

    internal override void ForwardBlock<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a, int m0, int m1, int n0, int n1)
        => Elementwise.BiasThenApplyBlock(z, bias, a, default(IdentityOperator<T>), m0, m1, n0, n1);

    internal override bool TryApply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        Elementwise.Apply(z, a, default(IdentityOperator<T>));
        return true;
    }

    internal override void Backward<T>(Matrix<T> a, Matrix<T> dA, Matrix<T> dZ)
    {
        if (!ReferenceEquals(dA, dZ))
            dA.Span.CopyTo(dZ.Span);
    }
}

/// <summary>x → x.</summary>
internal readonly struct IdentityOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public T Invoke(T x) => x;
    public Vector128<T> Invoke(Vector128<T> x) => x;
    public Vector256<T> Invoke(Vector256<T> x) => x;
    public Vector512<T> Invoke(Vector512<T> x) => x;
}
