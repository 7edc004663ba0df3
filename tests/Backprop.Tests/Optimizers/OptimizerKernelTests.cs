using System.Numerics;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Tensors.Kernels;
using static Backprop.Tests.Optimizers.OptimizerFixtures;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// The fused update kernels: every vector width the machine accelerates, capped down to scalar, must give
/// the scalar operator's bits at every length 0..70 (each width's main loop plus every ragged tail).
/// </summary>
public abstract class OptimizerKernelTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Width caps: 0 forces the scalar loop; the others run a width only where it is accelerated.</summary>
    private static readonly int[] Caps = [0, 128, 256, 512];

    private static readonly IEnumerable<int> Lengths = Enumerable.Range(0, 71);

    private static T C(double value) => T.CreateTruncating(value);

    private static MomentumOperator<T> MomentumOp => new(C(0.9), C(1 - 0.9), C(0.05));

    private static NesterovOperator<T> NesterovOp => new(C(0.9), C(1 - 0.9), C(0.05));

    private static RmsPropOperator<T> RmsPropOp => new(C(0.999), C(1 - 0.999), C(0.01), C(1e-8));

    private static AdamOperator<T> AdamOp(int t) => new(C(0.9), C(1 - 0.9), C(1 - Math.Pow(0.9, t)), C(0.999), C(1 - 0.999), C(1 - Math.Pow(0.999, t)), C(0.01), C(1e-8));

    [Fact]
    public void One_state_kernels_match_the_scalar_operator_at_every_length_and_width()
    {
        var random = new Random(17);
        foreach (int n in Lengths)
        {
            T[] g = Uniform(random, n, -2, 2), state = Uniform(random, n, 0, 1), w = Uniform(random, n, -3, 3);
            Check(g, state, w, MomentumOp);
            Check(g, state, w, NesterovOp);
            Check(g, state, w, RmsPropOp);
        }
    }

    [Fact]
    public void Two_state_kernels_match_the_scalar_operator_at_every_length_and_width()
    {
        var random = new Random(19);
        foreach (int n in Lengths)
        {
            T[] g = Uniform(random, n, -2, 2), v = Uniform(random, n, -1, 1), s = Uniform(random, n, 0, 1), w = Uniform(random, n, -3, 3);
            Check(g, v, s, w, AdamOp(1));
            Check(g, v, s, w, AdamOp(7));
            Check(g, v, s, w, new DecoupledWeightDecayOperator<T, AdamOperator<T>>(C(0.01 * 0.1), AdamOp(3)));
        }
    }

    [Fact]
    public void A_bias_correction_that_rounds_to_one_gives_the_bits_of_dividing_by_it()
    {
        // At step 400, 1 − 0.9ᵗ is exactly 1 in both precisions (1 − 0.999ᵗ is not); the operator then skips that
        // division. The course's formula with every division written out must give the same bits.
        const int t = 400;
        T c1 = C(1 - Math.Pow(0.9, t)), c2 = C(1 - Math.Pow(0.999, t));
        Assert.Equal(T.One, c1);
        var random = new Random(23);
        foreach (int n in new[] { 1, 15, 16, 17, 100 })
        {
            T[] g = Uniform(random, n, -2, 2), v = Uniform(random, n, -1, 1), s = Uniform(random, n, 0, 1), w = Uniform(random, n, -3, 3);
            T[] v2 = (T[])v.Clone(), s2 = (T[])s.Clone(), w2 = (T[])w.Clone();
            OptimizerKernels.Update<T, AdamOperator<T>>(g, v2, s2, w2, AdamOp(t));
            for (int i = 0; i < n; i++)
            {
                T vi = C(0.9) * v[i] + C(1 - 0.9) * g[i];
                T si = C(0.999) * s[i] + C(1 - 0.999) * (g[i] * g[i]);
                T wi = w[i] - C(0.01) * (vi / c1) / (T.Sqrt(si / c2) + C(1e-8));
                Assert.Equal(vi, v2[i]);
                Assert.Equal(si, s2[i]);
                Assert.Equal(wi, w2[i]);
            }
        }
    }

    [Fact]
    public void Special_values_take_the_same_path_in_every_width()
    {
        // NaN and ±∞ gradients, −0 and zero gradients with zero state (0/ε, not 0/0): every width must round
        // (and propagate NaN) exactly as the scalar form does.
        T[] specials = [T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.NegativeZero, T.Zero, C(1e-30), C(-3)];
        var random = new Random(23);
        foreach (int n in new[] { 7, 16, 37, 70 })
        {
            T[] g = Uniform(random, n, -2, 2), zeros = new T[n], w = Uniform(random, n, -1, 1);
            for (int i = 0; i < n; i += 3) g[i] = specials[i % specials.Length];
            w[n - 1] = T.NegativeZero;
            Check(g, zeros, w, MomentumOp);
            Check(g, zeros, w, NesterovOp);
            Check(g, zeros, w, RmsPropOp);
            Check(g, zeros, zeros, w, AdamOp(1));
        }
    }

    [Fact]
    public void Mismatched_lengths_and_any_overlap_throw()
    {
        T[] a = new T[20], b = new T[20], c = new T[20], d = new T[19];
        Assert.Throws<ArgumentException>(() => OptimizerKernels.Update<T, MomentumOperator<T>>(a, b, d, MomentumOp));
        Assert.Throws<ArgumentException>(() => OptimizerKernels.Update<T, MomentumOperator<T>>(a, d, b, MomentumOp));
        Assert.Throws<ArgumentException>(() => OptimizerKernels.Update<T, AdamOperator<T>>(a, b, c, d, AdamOp(1)));
        // The state and the value are both written: even exact aliasing would mix two roles.
        Assert.Throws<ArgumentException>(() => OptimizerKernels.Update<T, MomentumOperator<T>>(a, b, b, MomentumOp));
        Assert.Throws<ArgumentException>(() => OptimizerKernels.Update<T, MomentumOperator<T>>(a, a, b, MomentumOp));
        Assert.Throws<ArgumentException>(() => OptimizerKernels.Update<T, MomentumOperator<T>>(a.AsSpan(0, 10), a.AsSpan(5, 10), b.AsSpan(0, 10), MomentumOp));
        Assert.Throws<ArgumentException>(() => OptimizerKernels.Update<T, AdamOperator<T>>(a, b, b, c, AdamOp(1)));
        Assert.Throws<ArgumentException>(() => OptimizerKernels.Update<T, AdamOperator<T>>(a, b, c.AsSpan(0, 20), c.AsSpan(0, 20), AdamOp(1)));
    }

    [Theory]
    [MemberData(nameof(OptimizerFixtures.All), MemberType = typeof(OptimizerFixtures))]
    public void One_long_parameter_updates_like_many_one_element_parameters(string name)
    {
        // A [1, n] parameter runs the vector loop and its tail; n [1, 1] parameters run the scalar path only.
        // After three steps of the full optimizer (state wiring, bias correction, decay) both must agree bit for bit.
        var random = new Random(29);
        foreach (int n in Lengths)
        {
            double[] w0 = Doubles(random, n, -1, 1);
            var gradients = Enumerable.Range(0, 3).Select(_ => Doubles(random, n, -2, 2)).ToArray();
            var whole = MakeParameter<T>("layers.0.W", 1, n, w0, regularized: true);
            var pieces = Enumerable.Range(0, n).Select(i => MakeParameter<T>($"layers.{i}.W", 1, 1, [w0[i]], regularized: true)).ToArray();
            var optimizer = Create(name);
            var wholeState = optimizer.CreateState<T>([whole]);
            var piecesState = optimizer.CreateState<T>(pieces);
            foreach (var g in gradients)
            {
                Set(whole.Gradient.Span, g);
                for (int i = 0; i < n; i++) pieces[i].Gradient[0, 0] = T.CreateTruncating(g[i]);
                wholeState.Update(optimizer.LearningRate);
                piecesState.Update(optimizer.LearningRate);
            }
            for (int i = 0; i < n; i++)
                Assert.Equal(pieces[i].Value[0, 0], whole.Value[0, i]);
        }
    }

    private static void Check<TOp>(T[] g, T[] state0, T[] w0, TOp op) where TOp : struct, IUpdateOperator<T>
    {
        T[] expectedState = (T[])state0.Clone(), expected = new T[w0.Length];
        for (int i = 0; i < w0.Length; i++)
            expected[i] = op.Invoke(g[i], ref expectedState[i], w0[i]);
        foreach (int cap in Caps)
        {
            T[] state = (T[])state0.Clone(), w = (T[])w0.Clone();
            OptimizerKernels.Update(g, state, w, op, cap);
            AssertBits(expectedState, state, $"{typeof(TOp).Name} state, n = {g.Length}, cap {cap}");
            AssertBits(expected, w, $"{typeof(TOp).Name} value, n = {g.Length}, cap {cap}");
        }
    }

    private static void Check<TOp>(T[] g, T[] first0, T[] second0, T[] w0, TOp op) where TOp : struct, ITwoStateUpdateOperator<T>
    {
        T[] expectedFirst = (T[])first0.Clone(), expectedSecond = (T[])second0.Clone(), expected = new T[w0.Length];
        for (int i = 0; i < w0.Length; i++)
            expected[i] = op.Invoke(g[i], ref expectedFirst[i], ref expectedSecond[i], w0[i]);
        foreach (int cap in Caps)
        {
            T[] first = (T[])first0.Clone(), second = (T[])second0.Clone(), w = (T[])w0.Clone();
            OptimizerKernels.Update(g, first, second, w, op, cap);
            AssertBits(expectedFirst, first, $"{typeof(TOp).Name} first state, n = {g.Length}, cap {cap}");
            AssertBits(expectedSecond, second, $"{typeof(TOp).Name} second state, n = {g.Length}, cap {cap}");
            AssertBits(expected, w, $"{typeof(TOp).Name} value, n = {g.Length}, cap {cap}");
        }
    }

    /// <summary>Equal values with equal signs (so −0 ≠ +0); any NaN equals any NaN.</summary>
    private static void AssertBits(T[] expected, T[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = T.IsNaN(expected[i]) ? T.IsNaN(actual[i]) : expected[i] == actual[i] && T.IsNegative(expected[i]) == T.IsNegative(actual[i]);
            Assert.True(same, $"{what}, element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static T[] Uniform(Random random, int n, double low, double high)
        => Doubles(random, n, low, high).Select(T.CreateTruncating).ToArray();

    private static double[] Doubles(Random random, int n, double low, double high)
        => Enumerable.Range(0, n).Select(_ => low + (high - low) * random.NextDouble()).ToArray();
}

public sealed class OptimizerKernelFloatTests : OptimizerKernelTests<float>;

public sealed class OptimizerKernelDoubleTests : OptimizerKernelTests<double>;
