using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;
using static Backprop.Tests.Optimizers.OptimizerFixtures;

namespace Backprop.Tests.Optimizers;

/// <summary>Every optimizer, at default settings and one learning rate per family, must solve the same convex problems.</summary>
public class ConvergenceTests
{
    /// <summary>f(w) = ½·Σ aᵢ·(wᵢ − cᵢ)², condition number 16, minimum 0 at w = c.</summary>
    private static readonly double[] Curvature = [4.0, 1.0, 0.25, 2.0];
    private static readonly double[] Target = [1.0, -2.0, 3.0, 0.5];

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(OptimizerFixtures))]
    public void Minimizes_a_convex_quadratic(string name)
    {
        // A bias-like parameter (not regularized), so AdamW's decay does not move the minimum.
        var w = MakeParameter<double>("w", 4, 1, new double[4]);
        var optimizer = Create(name, sgdRate: 0.2, adaptiveRate: 0.05);
        var state = optimizer.CreateState<double>([w]);
        double initial = Quadratic(w);
        for (int step = 0; step < 3000; step++)
        {
            Quadratic(w);
            state.Update(optimizer.LearningRate);
        }
        double final = Quadratic(w);
        Assert.True(final < 1e-6 * initial, $"{optimizer}: f went from {initial} to {final}.");
    }

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(OptimizerFixtures))]
    public void Trains_a_logistic_regression(string name)
    {
        var network = new NetworkBuilder(2).Dense(1, Activation.Sigmoid, Initializer.Zeros).Build<double>(new FastRandom(1));
        var (x, y) = SeparableBlobs(200);
        var optimizer = Create(name, sgdRate: 0.5, adaptiveRate: 0.05);
        var state = optimizer.CreateState(network.Parameters);
        double initial = network.ComputeGradients(x, y);
        Assert.Equal(Math.Log(2), initial, 1e-12);
        double cost = initial;
        for (int step = 0; step < 500; step++)
        {
            cost = network.ComputeGradients(x, y);
            state.Update(optimizer.LearningRate);
        }
        Assert.True(cost < 0.02, $"{optimizer}: cost went from {initial} to {cost}.");
    }

    /// <summary>Fills the gradient aᵢ·(wᵢ − cᵢ) and returns f(w).</summary>
    private static double Quadratic(Parameter<double> w)
    {
        double f = 0;
        for (int i = 0; i < Curvature.Length; i++)
        {
            double d = w.Value[i, 0] - Target[i];
            w.Gradient[i, 0] = Curvature[i] * d;
            f += 0.5 * Curvature[i] * d * d;
        }
        return f;
    }

    /// <summary>Two Gaussian blobs around (1, 1) and (−1, −1.5), labelled 1 and 0: linearly separable with high probability.</summary>
    private static (Matrix<double> X, Matrix<double> Y) SeparableBlobs(int m)
    {
        var random = new FastRandom(12);
        var x = new Matrix<double>(2, m);
        var y = new Matrix<double>(1, m);
        for (int j = 0; j < m; j++)
        {
            bool positive = j % 2 == 0;
            x[0, j] = (positive ? 1.0 : -1.0) + 0.4 * random.NextGaussian();
            x[1, j] = (positive ? 1.0 : -1.5) + 0.4 * random.NextGaussian();
            y[0, j] = positive ? 1 : 0;
        }
        return (x, y);
    }
}
