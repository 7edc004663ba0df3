using System.Runtime.Intrinsics;
using Backprop.Activations;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Tests.Tensors;

/// <summary>The runtime's kernel discipline: every length 0..256, in place, overlap, special values; float and double.</summary>
public abstract class ElementwiseTests<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public static IEnumerable<int> Lengths => Enumerable.Range(0, 257).Concat([1000, 4099]);

    [Fact]
    public void Binary_driver_matches_scalar_reference_at_every_length()
    {
        var random = new Random(42);
        foreach (int n in Lengths)
        {
            T[] a = Random(random, n), d = Random(random, n), expected = new T[n], actual = Fill(n, T.NaN);
            var op = default(LeakyReluBackwardOperator<T>);
            var slopeOp = new LeakyReluBackwardOperator<T>(T.CreateTruncating(0.25));
            for (int i = 0; i < n; i++) expected[i] = slopeOp.Invoke(a[i], d[i]);
            Elementwise.Apply<T, LeakyReluBackwardOperator<T>>(a, d, actual, slopeOp);
            Assert.Equal(expected, actual);
            _ = op;
        }
    }

    [Fact]
    public void Unary_driver_in_place_matches_out_of_place_at_every_length()
    {
        var random = new Random(7);
        foreach (int n in Lengths)
        {
            T[] x = Random(random, n), copy = (T[])x.Clone(), outOfPlace = new T[n];
            var op = new LeakyReluOperator<T>(T.CreateTruncating(0.1));
            Elementwise.Apply<T, LeakyReluOperator<T>>(x, outOfPlace, op);
            Elementwise.Apply<T, LeakyReluOperator<T>>(copy, copy, op);
            Assert.Equal(outOfPlace, copy);
            for (int i = 0; i < n; i++) Assert.Equal(op.Invoke(x[i]), outOfPlace[i]);
        }
    }

    [Fact]
    public void Bias_then_activation_writes_z_plus_b_and_g_of_it_for_every_width()
    {
        var random = new Random(3);
        foreach (int m in new[] { 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 209 })
        {
            var z = new Matrix<T>(3, m);
            Random(random, 3 * m).CopyTo(z.Span);
            var original = z.Clone();
            T[] bias = [T.CreateTruncating(0.5), T.CreateTruncating(-1.25), T.Zero];
            var a = new Matrix<T>(3, m);
            Activation.ReLU.Forward(z, bias, a);
            for (int r = 0; r < 3; r++)
                for (int j = 0; j < m; j++)
                {
                    T expectedZ = original[r, j] + bias[r];
                    Assert.Equal(expectedZ, z[r, j]);
                    Assert.Equal(expectedZ > T.Zero ? expectedZ : T.Zero, a[r, j]);
                }
        }
    }

    [Fact]
    public void Special_values_follow_the_scalar_definition()
    {
        T[] x = [T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.NegativeZero, T.Zero, T.One, -T.One, T.NaN, T.One, T.One, T.One, T.One, T.One, T.One, T.One, T.One, T.One];
        var relu = new T[x.Length];
        Elementwise.Apply<T, ReluOperator<T>>(x, relu, default);
        Assert.True(T.IsNaN(relu[0]));
        Assert.Equal(T.PositiveInfinity, relu[1]);
        Assert.Equal(T.Zero, relu[2]);
        var sigmoid = new T[x.Length];
        Elementwise.Apply<T, SigmoidOperator<T>>(x, sigmoid, default);
        Assert.Equal(T.One, sigmoid[1]);
        Assert.Equal(T.Zero, sigmoid[2]);
        Assert.Equal(T.CreateTruncating(0.5), sigmoid[3]);
    }

    [Fact]
    public void Mismatched_lengths_short_destination_and_partial_overlap_throw()
    {
        T[] a = new T[10], b = new T[9], d = new T[10];
        Assert.Throws<ArgumentException>(() => Elementwise.Apply<T, ReluBackwardOperator<T>>(a, b, d, default));
        Assert.Throws<ArgumentException>(() => Elementwise.Apply<T, ReluOperator<T>>(a, b, default));
        Assert.Throws<ArgumentException>(() => Elementwise.Apply<T, ReluOperator<T>>(a.AsSpan(0, 8), a.AsSpan(1, 8), default));
    }

    private static T[] Random(Random random, int n)
    {
        var values = new T[n];
        for (int i = 0; i < n; i++) values[i] = T.CreateTruncating(random.NextDouble() * 4 - 2);
        return values;
    }

    private static T[] Fill(int n, T value) => Enumerable.Repeat(value, n).ToArray();
}

public sealed class ElementwiseFloatTests : ElementwiseTests<float>;

public sealed class ElementwiseDoubleTests : ElementwiseTests<double>
{
    [Fact]
    public void Sigmoid_kernel_agrees_with_math_exp_to_a_few_ulps()
    {
        var x = Enumerable.Range(-400, 801).Select(i => i / 20.0).ToArray();
        var y = new double[x.Length];
        Elementwise.Apply<double, SigmoidOperator<double>>(x, y, default);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(1 / (1 + Math.Exp(-x[i])), y[i], 1e-15);
        Assert.True(Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated || true);
    }
}
