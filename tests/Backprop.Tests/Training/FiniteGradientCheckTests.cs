using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Tests.Training;

public sealed class FiniteGradientCheckTests
{
    /// <summary>A network large enough (≈ 60 000 weights) that the check is split over two threads.</summary>
    private static Network<float> Net()
        => new NetworkBuilder(300).Dense(200, Activation.ReLU, Initializer.He).Dense(3, Activation.Softmax).WithLoss(Backprop.Losses.Loss.CategoricalCrossEntropy).Build<float>(new FastRandom(4));

    [Fact]
    public void Finite_gradients_pass()
    {
        var net = Net();
        foreach (var p in net.Parameters)
            p.Gradient.Span.Fill(1e35f); // finite, but the sum of 60 000 of them is not: a sum-based check would fail
        Assert.Null(new FiniteGradientCheck<float>(net.Parameters).FirstNonFinite());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 59_999)]
    [InlineData(3, 2)]
    public void A_non_finite_entry_anywhere_names_its_parameter(int parameter, int index)
    {
        var net = Net();
        var check = new FiniteGradientCheck<float>(net.Parameters);
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            net.Parameters[parameter].Gradient.Span[index] = bad;
            Assert.Same(net.Parameters[parameter], check.FirstNonFinite());
            net.Parameters[parameter].Gradient.Span[index] = 0;
            Assert.Null(check.FirstNonFinite());
        }
    }

    [Fact]
    public void The_first_bad_parameter_in_order_is_named_whichever_thread_finds_it()
    {
        var net = Net();
        // W1's bad entry is in the second thread's half, b2's in the first's: W1 comes first.
        net.Parameters[0].Gradient.Span[59_000] = float.NaN;
        net.Parameters[3].Gradient.Span[0] = float.NaN;
        Assert.Same(net.Parameters[0], new FiniteGradientCheck<float>(net.Parameters).FirstNonFinite());
    }

    [Fact]
    public void A_gradient_its_layer_verified_is_skipped_for_that_step_only()
    {
        var net = Net();
        var check = new FiniteGradientCheck<float>(net.Parameters);
        net.Parameters[0].Gradient.Span[7] = float.NaN;
        net.Parameters[0].GradientVerifiedFinite = true; // a false mark, to show it is trusted once and then cleared
        Assert.Null(check.FirstNonFinite());
        Assert.False(net.Parameters[0].GradientVerifiedFinite);
        Assert.Same(net.Parameters[0], check.FirstNonFinite());
    }

    [Fact]
    public void Dense_layers_mark_finite_gradients_and_leave_non_finite_ones_to_the_check()
    {
        var net = Net();
        var random = new FastRandom(8);
        var x = new Backprop.Tensors.Matrix<float>(300, 40);
        var y = new Backprop.Tensors.Matrix<float>(3, 40);
        for (int j = 0; j < 40; j++)
        {
            y[j % 3, j] = 1;
            for (int i = 0; i < 300; i++)
                x[i, j] = (float)random.NextDouble();
        }
        net.ComputeGradients(x, y);
        Assert.All(net.Parameters, p => Assert.True(p.GradientVerifiedFinite, p.Name));
        var check = new FiniteGradientCheck<float>(net.Parameters);
        Assert.Null(check.FirstNonFinite());

        // One NaN weight in the output layer turns every gradient into NaN on the way back: no layer marks its own.
        net.Parameters[2].Value[0, 0] = float.NaN;
        net.ComputeGradients(x, y);
        Assert.All(net.Parameters, p => Assert.False(p.GradientVerifiedFinite, p.Name));
        Assert.Same(net.Parameters[0], check.FirstNonFinite());
    }

    [Fact]
    public void A_regularizer_adding_to_the_gradients_clears_their_marks()
    {
        var net = Net().WithRegularizer(Backprop.Regularization.Regularizer.L2(0.7));
        var x = new Backprop.Tensors.Matrix<float>(300, 8);
        var y = new Backprop.Tensors.Matrix<float>(3, 8);
        for (int j = 0; j < 8; j++)
            y[j % 3, j] = 1;
        net.ComputeGradients(x, y);
        foreach (var p in net.Parameters)
            Assert.Equal(!p.Regularized, p.GradientVerifiedFinite);
    }
}
