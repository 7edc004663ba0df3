using Backprop.Layers;
using Backprop.Optimizers;
using static Backprop.Tests.Optimizers.OptimizerFixtures;

namespace Backprop.Tests.Optimizers;

public class GradientClippingTests
{
    /// <summary>Two parameters whose gradients are [3, 4] and [12]: global norm √(9 + 16 + 144) = √169 = 13.</summary>
    private static Parameter<T>[] ThreeFourTwelve<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var w = MakeParameter<T>("layers.0.W", 1, 2, [0.0, 0.0], regularized: true);
        var b = MakeParameter<T>("layers.0.b", 1, 1, [0.0]);
        Set(w.Gradient.Span, [3.0, 4.0]);
        Set(b.Gradient.Span, [12.0]);
        return [w, b];
    }

    [Fact]
    public void By_norm_scales_every_gradient_by_max_norm_over_the_global_norm()
    {
        // ‖g‖ = 13 > 6.5, so every gradient is multiplied by 6.5/13 = 0.5: [1.5, 2] and [6].
        var p = ThreeFourTwelve<double>();
        GradientClipping.ByNorm(6.5).Apply(p);
        Assert.Equal([1.5, 2.0], p[0].Gradient.Span.ToArray());
        Assert.Equal([6.0], p[1].Gradient.Span.ToArray());

        // The same in float, where 0.5 is exact too.
        var f = ThreeFourTwelve<float>();
        GradientClipping.ByNorm(6.5).Apply(f);
        Assert.Equal([1.5f, 2f], f[0].Gradient.Span.ToArray());
        Assert.Equal([6f], f[1].Gradient.Span.ToArray());
    }

    [Fact]
    public void By_norm_leaves_gradients_at_or_below_the_threshold_alone()
    {
        // ‖g‖ = 13 is not greater than 13 (nor than 20): nothing changes.
        foreach (double maxNorm in new[] { 13.0, 20.0 })
        {
            var p = ThreeFourTwelve<double>();
            GradientClipping.ByNorm(maxNorm).Apply(p);
            Assert.Equal([3.0, 4.0], p[0].Gradient.Span.ToArray());
            Assert.Equal([12.0], p[1].Gradient.Span.ToArray());
        }
    }

    [Fact]
    public void By_norm_result_has_the_threshold_norm_and_the_same_direction()
    {
        var random = new Random(3);
        var parameters = Enumerable.Range(0, 4).Select(i => MakeParameter<double>($"p{i}", 3, 7 + i, new double[3 * (7 + i)])).ToArray();
        foreach (var p in parameters)
            for (int i = 0; i < p.Count; i++) p.Gradient.Span[i] = random.NextDouble() * 10 - 5;
        var before = parameters.SelectMany(p => p.Gradient.Span.ToArray()).ToArray();
        GradientClipping.ByNorm(1.0).Apply(parameters);
        var after = parameters.SelectMany(p => p.Gradient.Span.ToArray()).ToArray();
        Assert.Equal(1.0, Math.Sqrt(after.Sum(g => g * g)), 1e-14);
        double ratio = after[0] / before[0];
        Assert.All(Enumerable.Range(0, before.Length), i => Assert.Equal(ratio * before[i], after[i], 1e-15));
    }

    [Fact]
    public void By_norm_survives_float_overflow_of_the_squares()
    {
        // 1e20² overflows float; the norm is still 1e20·√2, so the result is [1, 1]/√2·maxNorm.
        var p = MakeParameter<float>("w", 1, 2, [0, 0]);
        Set(p.Gradient.Span, [1e20, -1e20]);
        GradientClipping.ByNorm(Math.Sqrt(2)).Apply([p]);
        Assert.Equal(1f, p.Gradient[0, 0], 1e-6f);
        Assert.Equal(-1f, p.Gradient[0, 1], 1e-6f);
    }

    [Fact]
    public void By_norm_does_not_hide_nan_or_infinite_gradients()
    {
        var p = ThreeFourTwelve<double>();
        p[0].Gradient[0, 0] = double.NaN;
        p[1].Gradient[0, 0] = double.PositiveInfinity;
        GradientClipping.ByNorm(1).Apply(p);
        Assert.True(double.IsNaN(p[0].Gradient[0, 0]));
        Assert.Equal(4.0, p[0].Gradient[0, 1]);
        Assert.Equal(double.PositiveInfinity, p[1].Gradient[0, 0]);
    }

    [Fact]
    public void By_value_clamps_each_element()
    {
        // c = 3.5: 3 → 3, 4 → 3.5, 12 → 3.5; and with negatives −5 → −3.5, −1 → −1, NaN stays NaN.
        var p = ThreeFourTwelve<double>();
        GradientClipping.ByValue(3.5).Apply(p);
        Assert.Equal([3.0, 3.5], p[0].Gradient.Span.ToArray());
        Assert.Equal([3.5], p[1].Gradient.Span.ToArray());

        var q = MakeParameter<float>("q", 1, 20, new double[20]);
        double[] g = Enumerable.Range(0, 20).Select(i => (i - 10) * 0.5).ToArray();
        Set(q.Gradient.Span, g);
        q.Gradient[0, 19] = float.NaN;
        GradientClipping.ByValue(3.5).Apply([q]);
        for (int i = 0; i < 19; i++)
            Assert.Equal((float)Math.Clamp(g[i], -3.5, 3.5), q.Gradient[0, i]);
        Assert.True(float.IsNaN(q.Gradient[0, 19]));
    }

    [Fact]
    public void Apply_refuses_null()
    {
        Assert.Throws<ArgumentNullException>(() => GradientClipping.ByNorm(1).Apply<double>(null!));
        Assert.Throws<ArgumentNullException>(() => GradientClipping.ByValue(1).Apply<double>(null!));
        Assert.Throws<ArgumentNullException>(() => GradientClipping.ByValue(1).Apply<double>([null!]));
    }
}
