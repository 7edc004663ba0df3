using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Regularization;
using Backprop.Tensors;
using Backprop.Tests.Diagnostics;

namespace Backprop.Tests.Regularization;

public class RegularizerTests
{
    private static Network<double> Net(Regularizer? regularizer)
    {
        var builder = new NetworkBuilder(3).Dense(4, Activation.ReLU, Initializer.Xavier).Dense(1, Activation.Sigmoid, Initializer.Xavier);
        if (regularizer is not null) builder.WithRegularization(regularizer);
        return builder.Build<double>(new FastRandom(5));
    }

    [Fact]
    public void L2_adds_lambda_over_2m_times_the_squared_frobenius_norms_of_the_weights_only()
    {
        var plain = Net(null);
        var l2 = Net(Regularizer.L2(0.7));
        var (x, y) = GradientCheckTests.RandomBatch(new FastRandom(1), 3, 1, 5, binary: true);
        plain.Forward(x);
        l2.Forward(x);
        double squares = l2.Parameters.Where(p => p.Regularized).SelectMany(p => p.Value.Span.ToArray()).Sum(w => w * w);
        Assert.Equal(plain.Cost(y) + 1.0 / 5 * (0.7 / 2) * squares, l2.Cost(y), 14);
    }

    [Fact]
    public void L2_gradient_adds_lambda_over_m_times_w_and_leaves_biases_alone()
    {
        var plain = Net(null);
        var l2 = Net(Regularizer.L2(0.7));
        var (x, y) = GradientCheckTests.RandomBatch(new FastRandom(2), 3, 1, 5, binary: true);
        plain.ComputeGradients(x, y);
        l2.ComputeGradients(x, y);
        for (int p = 0; p < l2.Parameters.Count; p++)
        {
            var reg = l2.Parameters[p];
            for (int i = 0; i < reg.Count; i++)
            {
                double expected = plain.Parameters[p].Gradient.Span[i] + (reg.Regularized ? 0.7 / 5 * reg.Value.Span[i] : 0);
                Assert.Equal(expected, reg.Gradient.Span[i], 15);
            }
        }
    }

    [Fact]
    public void L1_penalty_and_subgradient()
    {
        var l1 = Net(Regularizer.L1(0.4));
        var plain = Net(null);
        var (x, y) = GradientCheckTests.RandomBatch(new FastRandom(3), 3, 1, 8, binary: true);
        plain.ComputeGradients(x, y);
        double cost = l1.ComputeGradients(x, y);
        double absolute = l1.Parameters.Where(p => p.Regularized).SelectMany(p => p.Value.Span.ToArray()).Sum(Math.Abs);
        Assert.Equal(plain.Cost(y) + 0.4 / (2 * 8) * absolute, cost, 14);
        var w = l1.Parameters[0];
        Assert.Equal(plain.Parameters[0].Gradient.Span[0] + 0.4 / 16 * Math.Sign(w.Value.Span[0]), w.Gradient.Span[0], 15);
    }

    [Theory]
    [InlineData("L2")]
    [InlineData("L1")]
    public void Gradient_check_passes_with_the_penalty(string kind)
    {
        var network = new NetworkBuilder(4)
            .Dense(5, Activation.Tanh, Initializer.Xavier)
            .Dense(3, Activation.ReLU, Initializer.He)
            .Dense(1, Activation.Sigmoid, Initializer.Xavier)
            .WithRegularization(kind == "L2" ? Regularizer.L2(0.9) : Regularizer.L1(0.9))
            .Build<double>(new FastRandom(8));
        var (x, y) = GradientCheckTests.RandomBatch(new FastRandom(9), 4, 1, 6, binary: true);
        var report = GradientCheck.Run(network, x, y);
        Assert.True(report.RelativeDifference < 1e-7, report.ToString());
    }

    [Fact]
    public void Negative_or_non_finite_lambda_is_rejected_by_name()
    {
        Assert.Equal("lambda", Assert.Throws<ArgumentOutOfRangeException>(() => Regularizer.L2(-0.1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Regularizer.L1(double.NaN));
        Assert.Equal("L2(λ=0.7)", Regularizer.L2(0.7).Name);
    }
}
