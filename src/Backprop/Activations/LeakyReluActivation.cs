using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Activations;

/// <summary>z for z &gt; 0, slope·z otherwise; dZ = dA where A &gt; 0, slope·dA otherwise.</summary>
/// <remarks>With 0 ≤ slope, A &gt; 0 exactly when Z &gt; 0, so the derivative can be read from A.</remarks>
internal sealed class LeakyReluActivation : Activation
{
    public LeakyReluActivation(double slope)
    {
        if (!double.IsFinite(slope) || slope < 0 || slope >= 1)
            throw new ArgumentOutOfRangeException(nameof(slope), slope, "The leaky ReLU slope must be in [0, 1).");
        Slope = slope;
    }

    public double Slope { get; }

    public override string Name => $"LeakyReLU({Slope.ToString(CultureInfo.InvariantCulture)})";

    public override double Apply(double z) => z > 0 ? z : Slope * z;

    internal override void Forward<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a)
        => Elementwise.BiasThenApply(z, bias, a, new LeakyReluOperator<T>(T.CreateTruncating(Slope)));

    internal override bool ForwardsByBlock => true;

    internal override void ForwardBlock<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a, int m0, int m1, int n0, int n1)
        => Elementwise.BiasThenApplyBlock(z, bias, a, new LeakyReluOperator<T>(T.CreateTruncating(Slope)), m0, m1, n0, n1);

    internal override bool TryApply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        Elementwise.Apply(z, a, new LeakyReluOperator<T>(T.CreateTruncating(Slope)));
        return true;
    }

    internal override void Backward<T>(Matrix<T> a, Matrix<T> dA, Matrix<T> dZ)
        => Elementwise.Apply(a.Span, dA.Span, dZ.Span, new LeakyReluBackwardOperator<T>(T.CreateTruncating(Slope)));
}

/// <summary>x → x &gt; 0 ? x : slope·x.</summary>
internal readonly struct LeakyReluOperator<T>(T slope) : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public T Invoke(T x) => x > T.Zero ? x : slope * x;
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), x, x * slope);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, x * slope);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, x * slope);
}

/// <summary>(a, dA) → a &gt; 0 ? dA : slope·dA.</summary>
internal readonly struct LeakyReluBackwardOperator<T>(T slope) : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public T Invoke(T a, T dA) => a > T.Zero ? dA : slope * dA;
    public Vector128<T> Invoke(Vector128<T> a, Vector128<T> dA) => Vector128.ConditionalSelect(Vector128.GreaterThan(a, Vector128<T>.Zero), dA, dA * slope);
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> dA) => Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256<T>.Zero), dA, dA * slope);
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> dA) => Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<T>.Zero), dA, dA * slope);
}
