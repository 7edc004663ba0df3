using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tests.Diagnostics;

namespace Backprop.Tests.Layers;

public class DropoutLayerTests
{
    [Fact]
    public void Mask_is_rand_below_keep_prob_in_row_major_order_and_kept_units_are_scaled()
    {
        var layer = new DropoutLayer<double>(1, 3, 0.7, new NumPyRandom(1));
        var a = Matrix<double>.FromArray(new double[,] { { 1, 2, 3, 4 }, { -1, -2, -3, -4 }, { 0.5, 0.5, 0.5, 0.5 } });
        var output = layer.Forward(a, training: true);
        var expected = new NumPyRandom(1);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
            {
                bool kept = expected.NextDouble() < 0.7;
                Assert.Equal(kept ? 1.0 : 0.0, layer.Mask[r, c]);
                Assert.Equal(kept ? a[r, c] * 1.0 / 0.7 : 0.0, output[r, c]);
            }
    }

    [Fact]
    public void Backward_applies_the_same_mask_and_scale()
    {
        var layer = new DropoutLayer<float>(0, 50, 0.8, new FastRandom(3));
        var a = new Matrix<float>(50, 40);
        a.Span.Fill(1f);
        layer.Forward(a, training: true);
        var dA = new Matrix<float>(50, 40);
        dA.Span.Fill(2f);
        var dPrev = layer.Backward(dA, computeInputGradient: true)!;
        for (int i = 0; i < dPrev.Length; i++)
            Assert.Equal(layer.Mask.Span[i] * 2f / 0.8f, dPrev.Span[i]);
        double kept = layer.Mask.Span.ToArray().Average();
        Assert.InRange(kept, 0.76, 0.84); // 2000 draws: ±4 standard errors
    }

    [Fact]
    public void Prediction_is_the_identity()
    {
        var layer = new DropoutLayer<double>(0, 2, 0.5, new FastRandom(1));
        var a = Matrix<double>.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });
        Assert.Same(a, layer.Forward(a, training: false));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Keep_prob_outside_0_1_is_rejected(double keepProb)
    {
        Assert.Equal("keepProb", Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkBuilder(2).Dropout(keepProb)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DropoutLayer<float>(0, 2, keepProb, new FastRandom(1)));
    }

    [Fact]
    public void Gradient_check_passes_with_a_fixed_mask()
    {
        var network = new NetworkBuilder(4)
            .Dense(6, Activation.ReLU, Initializer.He).Dropout(0.7)
            .Dense(5, Activation.Tanh, Initializer.Xavier).Dropout(0.8)
            .Dense(1, Activation.Sigmoid, Initializer.Xavier)
            .Build<double>(new FastRandom(4));
        var (x, y) = GradientCheckTests.RandomBatch(new FastRandom(5), 4, 1, 9, binary: true);
        var report = GradientCheck.Run(network, x, y);
        Assert.True(report.RelativeDifference < 1e-7, report.ToString());
        Assert.False(((DropoutLayer<double>)network.Layers[1]).FreezeMask);
    }

    [Fact]
    public void A_network_must_end_in_a_dense_layer()
        => Assert.Throws<InvalidOperationException>(() => new NetworkBuilder(2).Dense(3, Activation.ReLU).Dropout(0.5).Build<float>(new FastRandom(1)));
}
