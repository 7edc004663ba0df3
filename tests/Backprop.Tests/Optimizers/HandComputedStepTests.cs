using Backprop.Layers;
using Backprop.Optimizers;
using static Backprop.Tests.Optimizers.OptimizerFixtures;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// Single steps worked by hand. Hyperparameters are powers of two (or sums of them) so that every
/// intermediate value is exact in binary and the expected results can be compared with ==.
/// </summary>
public class HandComputedStepTests
{
    /// <summary>One [1, 1] parameter W = w with gradient g; returns W after <paramref name="steps"/> updates with the given gradients.</summary>
    private static double Step(Optimizer optimizer, double w, params double[] gradients) => Run(optimizer, regularized: true, w, gradients);

    private static double Run(Optimizer optimizer, bool regularized, double w, double[] gradients)
    {
        var p = MakeParameter<double>(regularized ? "layers.0.W" : "layers.0.b", 1, 1, [w], regularized);
        var state = optimizer.CreateState<double>([p]);
        foreach (double g in gradients)
        {
            p.Gradient[0, 0] = g;
            state.Update(optimizer.LearningRate);
        }
        Assert.Equal(gradients.Length, state.Steps);
        return p.Value[0, 0];
    }

    [Fact]
    public void Gradient_descent()
    {
        // W = W − α·g = 1 − 0.5·2 = 0
        Assert.Equal(0.0, Step(new GradientDescent(0.5), 1.0, 2.0));
    }

    [Fact]
    public void Momentum_two_steps()
    {
        // α = 0.5, β = 0.5, W = 1.
        // Step 1, g = 2:  v = 0.5·0 + 0.5·2 = 1;          W = 1 − 0.5·1 = 0.5
        Assert.Equal(0.5, Step(new Momentum(0.5, 0.5), 1.0, 2.0));
        // Step 2, g = −2: v = 0.5·1 + 0.5·(−2) = −0.5;    W = 0.5 − 0.5·(−0.5) = 0.75
        // (plain gradient descent would give 0.5 + 1 = 1.5: the velocity remembers the first gradient)
        Assert.Equal(0.75, Step(new Momentum(0.5, 0.5), 1.0, 2.0, -2.0));
    }

    [Fact]
    public void Momentum_at_the_course_default_beta()
    {
        // β = 0.9, α = 0.1, W = 1, g = 2: v = 0.9·0 + (1 − 0.9)·2, where 1 − 0.9 = 0.09999999999999998 in double,
        // so v = 0.19999999999999996 and W = 1 − 0.1·v = 0.98 (rounded).
        double v = 0.9 * 0.0 + (1 - 0.9) * 2.0;
        Assert.Equal(1.0 - 0.1 * v, Step(new Momentum(0.1), 1.0, 2.0));
    }

    [Fact]
    public void Nesterov_two_steps()
    {
        // α = 0.5, β = 0.5, W = 1.
        // Step 1, g = 2:  v = 0.5·0 + 0.5·2 = 1;        W = 1 − 0.5·(0.5·1 + 0.5·2) = 1 − 0.5·1.5 = 0.25
        Assert.Equal(0.25, Step(new Nesterov(0.5, 0.5), 1.0, 2.0));
        // Step 2, g = −2: v = 0.5·1 + 0.5·(−2) = −0.5;  W = 0.25 − 0.5·(0.5·(−0.5) + 0.5·(−2)) = 0.25 − 0.5·(−1.25) = 0.875
        Assert.Equal(0.875, Step(new Nesterov(0.5, 0.5), 1.0, 2.0, -2.0));
    }

    [Fact]
    public void RmsProp_two_steps()
    {
        // α = 0.5, β₂ = 0.75, ε = 1, W = 1.
        // Step 1, g = 2:  s = 0.75·0 + 0.25·4 = 1;      W = 1 − (0.5·2)/(√1 + 1) = 1 − 1/2 = 0.5
        Assert.Equal(0.5, Step(new RmsProp(0.5, 0.75, 1.0), 1.0, 2.0));
        // Step 2, g = −1: s = 0.75·1 + 0.25·1 = 1;      W = 0.5 − (0.5·(−1))/(√1 + 1) = 0.5 + 0.25 = 0.75
        Assert.Equal(0.75, Step(new RmsProp(0.5, 0.75, 1.0), 1.0, 2.0, -1.0));
    }

    [Fact]
    public void Adam_first_step()
    {
        // α = 0.5, β₁ = 0.5, β₂ = 0.75, ε = 2, W = 1, g = 2, t = 1.
        // v = 0.5·0 + 0.5·2 = 1;   v̂ = 1/(1 − 0.5¹) = 2
        // s = 0.75·0 + 0.25·4 = 1; ŝ = 1/(1 − 0.75¹) = 4
        // W = 1 − (0.5·2)/(√4 + 2) = 1 − 1/4 = 0.75
        Assert.Equal(0.75, Step(new Adam(0.5, 0.5, 0.75, 2.0), 1.0, 2.0));
    }

    [Fact]
    public void Adam_second_step_uses_t_equal_two()
    {
        // α = 0.5, β₁ = 0.5, β₂ = 0.5, ε = 1, W = 1; g = 2 then g = 2.
        // t = 1: v = 1, v̂ = 1/0.5 = 2; s = 0.5·4 = 2, ŝ = 2/0.5 = 4;         W = 1 − (0.5·2)/(2 + 1) = 1 − 1/3
        // t = 2: v = 0.5·1 + 0.5·2 = 1.5, v̂ = 1.5/(1 − 0.25) = 2;
        //        s = 0.5·2 + 0.5·4 = 3,   ŝ = 3/(1 − 0.25) = 4;               W = (1 − 1/3) − (0.5·2)/(2 + 1)
        // A constant gradient is exactly unbiased after correction: v̂ = g and ŝ = g² at every t.
        double w1 = 1.0 - 1.0 / 3.0;
        Assert.Equal(w1 - 1.0 / 3.0, Step(new Adam(0.5, 0.5, 0.5, 1.0), 1.0, 2.0, 2.0));
    }

    [Fact]
    public void AdamW_decays_the_weights_first_and_leaves_biases_alone()
    {
        // α = 0.5, β₁ = 0.5, β₂ = 0.75, ε = 2, λ = 0.5; W = b = 1, g = 2 for both.
        // W (regularized): W = 1 − (0.5·0.5)·1 = 0.75, then Adam's step of 0.25 (see Adam_first_step): 0.5
        // b (not regularized): Adam's step only: 1 − 0.25 = 0.75
        var w = MakeParameter<double>("layers.0.W", 1, 1, [1.0], regularized: true);
        var b = MakeParameter<double>("layers.0.b", 1, 1, [1.0], regularized: false);
        w.Gradient[0, 0] = b.Gradient[0, 0] = 2.0;
        var optimizer = new AdamW(0.5, 0.5, 0.75, 2.0, weightDecay: 0.5);
        optimizer.CreateState<double>([w, b]).Update(optimizer.LearningRate);
        Assert.Equal(0.5, w.Value[0, 0]);
        Assert.Equal(0.75, b.Value[0, 0]);
    }

    [Fact]
    public void AdamW_with_zero_gradient_only_shrinks_weights_and_never_biases()
    {
        // g = 0: v = s = 0 and Adam's step is 0/(0 + ε) = 0, so only the decay acts: W = W − (α·λ)·W.
        var network = new NetworkBuilder(3).Dense(2, Backprop.Activations.Activation.Sigmoid).Build<double>(new Backprop.Randomness.FastRandom(4));
        var optimizer = new AdamW(0.1, weightDecay: 0.25);
        foreach (var p in network.Parameters) p.Value.Span.Fill(2.0);
        var state = optimizer.CreateState(network.Parameters);
        for (int t = 0; t < 3; t++) state.Update(0.1);
        double expected = 2.0;
        for (int t = 0; t < 3; t++) expected -= 0.1 * 0.25 * expected;
        Assert.All(network.Parameters[0].Value.Span.ToArray(), w => Assert.Equal(expected, w));
        Assert.All(network.Parameters[1].Value.Span.ToArray(), b => Assert.Equal(2.0, b));
    }

    [Fact]
    public void AdamW_with_zero_decay_is_exactly_Adam()
    {
        double[] gradients = [0.3, -1.7, 0.02, 4.0, -0.001];
        Assert.Equal(Step(new Adam(0.01), 0.7, gradients), Step(new AdamW(0.01, weightDecay: 0), 0.7, gradients));
    }

    [Fact]
    public void Adam_bias_correction_at_t_1_gives_exactly_w_minus_alpha_g_over_abs_g_plus_epsilon()
    {
        // With β₁ = 1/2 and β₂ = 3/4 the corrections 1 − β are powers of two, so v̂ = (0.5·g)/0.5 = g exactly and
        // ŝ = (0.25·g²)/0.25 = fl(g²), whose correctly rounded root is exactly |g|. Hence W − α·g/(|g| + ε) bit for bit.
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            double w = random.NextDouble() * 4 - 2;
            double g = (random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-6, 6));
            const double alpha = 0.001, epsilon = 1e-8;
            Assert.Equal(w - alpha * g / (Math.Abs(g) + epsilon), Step(new Adam(alpha, 0.5, 0.75, epsilon), w, g));
        }
    }

    [Fact]
    public void Adam_first_step_at_default_betas_is_w_minus_alpha_g_over_abs_g_plus_epsilon_to_rounding()
    {
        // At β₁ = 0.9 the round trip (fl(0.1)·g)/fl(0.1) may land one ulp away from g (likewise ŝ), so the course's
        // formula and the closed form can differ in the last bits of the step. The step is ±α to within ε/|g|.
        var random = new Random(6);
        for (int i = 0; i < 2000; i++)
        {
            double w = random.NextDouble() * 4 - 2;
            double g = (random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-6, 6));
            const double alpha = 0.001;
            double expected = w - alpha * g / (Math.Abs(g) + 1e-8);
            double actual = Step(new Adam(alpha), w, g);
            Assert.True(Math.Abs(actual - expected) <= 1e-15 * Math.Max(Math.Abs(w), alpha), $"w = {w:R}, g = {g:R}: {actual:R} vs {expected:R}");
        }
    }

    [Fact]
    public void Zero_gradient_from_the_start_leaves_every_parameter_unchanged()
    {
        // s = 0 makes RMSprop and Adam divide 0 by ε, not 0 by 0: the step is exactly zero, never NaN.
        // (A bias, so that AdamW's decay, tested above, does not act.)
        foreach (string name in Names)
            Assert.Equal(0.625, Run(Create(name), regularized: false, 0.625, [0.0, 0.0, 0.0]));
    }
}
