using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Activations;

/// <summary>σ(z) = 1 / (1 + e^(−z)); dZ = dA · A · (1 − A).</summary>
internal sealed class SigmoidActivation : Activation
{
    public override string Name => "Sigmoid";

    public override double Apply(double z) => 1.0 / (1.0 + Math.Exp(-z));

    internal override void Forward<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a)
        => Elementwise.BiasThenApply(z, bias, a, default(SigmoidOperator<T>));

    internal override bool TryApply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        Elementwise.Apply(z, a, default(SigmoidOperator<T>));
        return true;
    }

    internal override void Backward<T>(Matrix<T> a, Matrix<T> dA, Matrix<T> dZ)
        => Elementwise.Apply(a.Span, dA.Span, dZ.Span, default(SigmoidBackwardOperator<T>));
}

/// <summary>σ(x) = 1 / (1 + e^(−x)); saturates to exactly 0 or 1 without NaN.</summary>
internal readonly struct SigmoidOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public T Invoke(T x) => T.One / (T.One + T.Exp(-x));
    public Vector128<T> Invoke(Vector128<T> x) => Vector128<T>.One / (Vector128<T>.One + VectorMath.Exp(-x));
    public Vector256<T> Invoke(Vector256<T> x) => Vector256<T>.One / (Vector256<T>.One + VectorMath.Exp(-x));
    public Vector512<T> Invoke(Vector512<T> x) => Vector512<T>.One / (Vector512<T>.One + VectorMath.Exp(-x));
}

/// <summary>(a, dA) → dA · a · (1 − a), multiplied in the course's order.</summary>
internal readonly struct SigmoidBackwardOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public T Invoke(T a, T dA) => dA * a * (T.One - a);
    public Vector128<T> Invoke(Vector128<T> a, Vector128<T> dA) => dA * a * (Vector128<T>.One - a);
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> dA) => dA * a * (Vector256<T>.One - a);
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> dA) => dA * a * (Vector512<T>.One - a);
}
