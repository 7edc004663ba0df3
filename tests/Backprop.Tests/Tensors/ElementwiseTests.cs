using Backprop.Activations;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Tests.Tensors;

/// <summary>The runtime's kernel discipline: every length 0..256, in place, overlap, special values; float and double.</summary>
public abstract class ElementwiseTests<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public static IEnumerable<int> Lengths => Enumerable.Range(0, 257).Concat([1000, 4099]);

    [Fact]
    public void Every_backward_operator_matches_its_scalar_form_at_every_length()
    {
        var random = new Random(42);
        T slope = T.CreateTruncating(0.25);
        foreach (int n in Lengths)
        {
            T[] a = Random(random, n), d = Random(random, n);
            CheckBinary(a, d, default(ReluBackwardOperator<T>));
            CheckBinary(a, d, new LeakyReluBackwardOperator<T>(slope));
            CheckBinary(a, d, default(SigmoidBackwardOperator<T>));
            CheckBinary(a, d, default(TanhBackwardOperator<T>));
        }
    }

    [Fact]
    public void Every_forward_operator_in_place_matches_out_of_place_and_scalar_at_every_length()
    {
        var random = new Random(7);
        foreach (int n in Lengths)
        {
            T[] x = Random(random, n);
            CheckUnary(x, new LeakyReluOperator<T>(T.CreateTruncating(0.1)));
            CheckUnary(x, default(ReluOperator<T>));
            CheckUnary(x, default(IdentityOperator<T>));
            CheckUnary(x, default(SigmoidOperator<T>), vectorMath: true);
        }
    }

    private static void CheckBinary<TOp>(T[] a, T[] d, TOp op) where TOp : struct, IBinaryOperator<T>
    {
        var actual = Fill(a.Length, T.NaN);
        Elementwise.Apply<T, TOp>(a, d, actual, op);
        for (int i = 0; i < a.Length; i++)
            Assert.Equal(op.Invoke(a[i], d[i]), actual[i]);
        var inPlace = (T[])d.Clone();
        Elementwise.Apply<T, TOp>(a, inPlace, inPlace, op);
        Assert.Equal(actual, inPlace);
    }

    private static void CheckUnary<TOp>(T[] x, TOp op, bool vectorMath = false) where TOp : struct, IUnaryOperator<T>
    {
        T[] outOfPlace = Fill(x.Length, T.NaN), copy = (T[])x.Clone();
        Elementwise.Apply<T, TOp>(x, outOfPlace, op);
        Elementwise.Apply<T, TOp>(copy, copy, op);
        Assert.Equal(outOfPlace, copy);
        // Vectorized exp may differ from the scalar one in the last bits.
        T tolerance = vectorMath ? T.CreateTruncating(typeof(T) == typeof(float) ? 1e-6 : 1e-15) : T.Zero;
        for (int i = 0; i < x.Length; i++)
            Assert.True(T.Abs(op.Invoke(x[i]) - outOfPlace[i]) <= tolerance, $"{typeof(TOp).Name} at {i} of {x.Length}: {op.Invoke(x[i])} vs {outOfPlace[i]}");
    }

    [Fact]
    public void Bias_then_activation_writes_z_plus_b_and_g_of_it_for_every_width()
    {
        var random = new Random(3);
        foreach (int m in Enumerable.Range(1, 70).Append(209))
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
    public void Passes_large_enough_for_both_threads_give_the_bits_of_one_thread()
    {
        // 40 001 and 131 075 values are above the two-thread threshold; the halves meet on a multiple of 16 elements
        // and the second ends in an overlapping last vector, so in-place runs are checked too.
        var random = new Random(11);
        foreach (int n in new[] { 40_001, 131_075 })
        {
            T[] x = Random(random, n), y = Random(random, n);
            var serial = new T[n];
            var parallel = new T[n];
            Elementwise.ApplySerial<T, SigmoidOperator<T>>(x, serial, default);
            Elementwise.Apply<T, SigmoidOperator<T>>(x, parallel, default);
            Assert.Equal(serial, parallel);
            var inPlace = (T[])x.Clone();
            Elementwise.Apply<T, SigmoidOperator<T>>(inPlace, inPlace, default);
            Assert.Equal(serial, inPlace);

            Elementwise.ApplySerial<T, ReluBackwardOperator<T>>(x, y, serial, default);
            Elementwise.Apply<T, ReluBackwardOperator<T>>(x, y, parallel, default);
            Assert.Equal(serial, parallel);
        }

        // Bias + activation split by rows (301 rows of 129: the second half has one more row).
        var z = new Matrix<T>(301, 129);
        Random(random, z.Length).CopyTo(z.Span);
        var zSerial = z.Clone();
        T[] bias = Random(random, 301);
        var a = new Matrix<T>(301, 129);
        var aSerial = new Matrix<T>(301, 129);
        Elementwise.BiasThenApplyRows<T, ReluOperator<T>>(zSerial, bias, aSerial, default, 0, 301);
        Activation.ReLU.Forward(z, bias, a);
        Assert.Equal(zSerial.Span.ToArray(), z.Span.ToArray());
        Assert.Equal(aSerial.Span.ToArray(), a.Span.ToArray());
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
        var z = new Matrix<T>(2, 5);
        Assert.Throws<ArgumentException>(() => Elementwise.BiasThenApply(z, [T.Zero, T.Zero], z, default(ReluOperator<T>)));
        Assert.Throws<ShapeMismatchException>(() => Elementwise.BiasThenApply(z, [T.Zero], new Matrix<T>(2, 5), default(ReluOperator<T>)));
    }

    [Fact]
    public void Backward_operators_propagate_nan_gradients()
    {
        T[] a = Fill(20, T.One), d = Fill(20, T.NaN), r = new T[20];
        a[3] = T.NaN;
        d[3] = T.One;
        Elementwise.Apply<T, ReluBackwardOperator<T>>(a, d, r, default);
        Assert.All(r, v => Assert.True(T.IsNaN(v) || v == T.One));
        Assert.Equal(T.One, r[3]); // a NaN activation keeps its gradient, as the course's dZ[Z <= 0] = 0 does
        Elementwise.Apply<T, SigmoidBackwardOperator<T>>(a, d, r, default);
        Assert.True(T.IsNaN(r[0]));
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
    }
}
