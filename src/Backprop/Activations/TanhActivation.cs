using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Activations;

/// <summary>tanh(z); dZ = dA · (1 − A²).</summary>
internal sealed class TanhActivation : Activation
{
    public override string Name => "Tanh";

    public override double Apply(double z) => Math.Tanh(z);

    internal override void Forward<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a)
    {
        // The runtime has no vector tanh primitive of its own, but TensorPrimitives.Tanh is accurate near 0
        // (where 1 − 2/(e^{2z}+1) loses relative precision), so the bias pass and the tanh pass stay separate.
        Elementwise.BiasThenApply(z, bias, a, default(IdentityOperator<T>));
        TensorPrimitives.Tanh<T>(z.Span, a.Span);
    }

    internal override bool TryApply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        TensorPrimitives.Tanh<T>(z, a);
        return true;
    }

    internal override void Backward<T>(Matrix<T> a, Matrix<T> dA, Matrix<T> dZ)
        => Elementwise.Apply(a.Span, dA.Span, dZ.Span, default(TanhBackwardOperator<T>));
}

/// <summary>(a, dA) → dA · (1 − a²).</summary>
internal readonly struct TanhBackwardOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public T Invoke(T a, T dA) => dA * (T.One - a * a);
    public Vector128<T> Invoke(Vector128<T> a, Vector128<T> dA) => dA * (Vector128<T>.One - a * a);
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> dA) => dA * (Vector256<T>.One - a * a);
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> dA) => dA * (Vector512<T>.One - a * a);
}
