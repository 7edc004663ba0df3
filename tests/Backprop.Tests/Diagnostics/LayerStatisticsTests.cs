using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tests.Layers;

namespace Backprop.Tests.Diagnostics;

public class LayerStatisticsTests
{
    private const double Tolerance = 1e-12;

    /// <summary>
    /// 2 → 2 (ReLU) → 1 (sigmoid) with W1 = [[1, −1], [0.5, 2]], b1 = [0, −10], W2 = [[3, 4]], b2 = 0 on the
    /// examples (1, 1) and (2, 0) with labels 1: Z1 = [[0, 2], [−7.5, −9]], so A1 = [[0, 2], [0, 0]] (unit 1 dead),
    /// Z2 = [0, 6] and A2 = [0.5, σ(6)].
    /// </summary>
    private static (Network<double> Network, Matrix<double> X, Matrix<double> Y) HandSetNetwork()
    {
        var network = new NetworkBuilder(2).Dense(2, Activation.ReLU).Dense(1, Activation.Sigmoid).Build<double>(new FastRandom(1));
        Set(network.Parameters[0], 1, -1, 0.5, 2);
        Set(network.Parameters[1], 0, -10);
        Set(network.Parameters[2], 3, 4);
        Set(network.Parameters[3], 0);
        var x = Matrix<double>.FromArray(new double[,] { { 1, 2 }, { 1, 0 } });
        var y = Matrix<double>.FromArray(new double[,] { { 1, 1 } });
        return (network, x, y);
    }

    private static void Set(Parameter<double> parameter, params double[] values) => values.CopyTo(parameter.Value.Span);

    [Fact]
    public void Norms_ratios_and_activation_statistics_match_hand_computation()
    {
        var (network, x, y) = HandSetNetwork();
        var layers = LayerStatistics.Capture(network, x, y);

        double s6 = 1 / (1 + Math.Exp(-6)), e = 1 - s6; // e = 1 − σ(6), the only non-zero error
        // Backward: dZ2 = A2 − Y = [−0.5, −e]; dW2 = ½·dZ2·A1ᵀ = [−e, 0]; db2 = ½(−0.5 − e).
        // dA1 = W2ᵀ·dZ2; ReLU′ keeps only entry (0, 1): dZ1 = [[0, −3e], [0, 0]]; dW1 = ½·dZ1·Xᵀ = [[−3e, 0], [0, 0]]; db1 = [−1.5e, 0].
        Assert.Equal(2, layers.Count);
        var (hidden, output) = (layers[0], layers[1]);
        Assert.Equal(0, hidden.Index);
        Assert.Equal("Dense(2 => 2, ReLU)", hidden.Description);

        var w1 = hidden.Weights!;
        Assert.Equal("layers.0.W", w1.Name);
        Assert.True(w1.IsWeight);
        Assert.Equal(2.5, w1.Norm, Tolerance);                      // √(1 + 1 + 0.25 + 4)
        Assert.Equal(3 * e, w1.GradientNorm, Tolerance);
        Assert.Equal(3 * e / 2.5, w1.Ratio, Tolerance);
        var b1 = hidden.Parameters[1];
        Assert.False(b1.IsWeight);
        Assert.Equal(10, b1.Norm, Tolerance);
        Assert.Equal(1.5 * e, b1.GradientNorm, Tolerance);
        Assert.Equal(1.5 * e, hidden.PreActivationGradientRms!.Value, Tolerance); // √((3e)² / 4)

        Assert.Equal(5, output.Weights!.Norm, Tolerance);
        Assert.Equal(e, output.Weights.GradientNorm, Tolerance);
        var b2 = output.Parameters[1];
        Assert.Equal(0, b2.Norm);
        Assert.Equal((0.5 + e) / 2, b2.GradientNorm, Tolerance);
        Assert.Equal(double.PositiveInfinity, b2.Ratio);            // a zero bias with a gradient
        Assert.Equal(Math.Sqrt((0.25 + e * e) / 2), output.PreActivationGradientRms!.Value, Tolerance);

        var a1 = hidden.Activations!;
        Assert.Equal((2, 2), (a1.Units, a1.Examples));
        Assert.Equal(0.5, a1.Mean, Tolerance);
        Assert.Equal(Math.Sqrt(0.75), a1.StandardDeviation, Tolerance); // entries 0, 2, 0, 0
        Assert.Equal(0.75, a1.ZeroFraction);
        Assert.Equal(0.5, a1.DeadUnitFraction);                          // unit 1 is off on both examples
        Assert.Null(a1.SaturatedFraction);                               // ReLU has no upper asymptote

        var a2 = output.Activations!;
        Assert.Equal((0.5 + s6) / 2, a2.Mean, Tolerance);
        Assert.Equal((s6 - 0.5) / 2, a2.StandardDeviation, Tolerance);
        Assert.Equal(0, a2.ZeroFraction);
        Assert.Equal(0.5, a2.SaturatedFraction);                         // σ(6) = 0.9975 > 0.99; σ(0) = 0.5 is not
    }

    [Fact]
    public void Tanh_saturation_counts_entries_beyond_0_99_in_magnitude_on_both_sides()
    {
        var network = new NetworkBuilder(1).Dense(3, Activation.Tanh).Dense(1, Activation.Sigmoid).Build<double>(new FastRandom(1));
        Set(network.Parameters[0], 10, 0.1, -3);   // tanh(±10) = ±1.0, tanh(±0.1) ≈ ±0.1, tanh(∓3) = ∓0.995
        Set(network.Parameters[1], 0, 0, 0);
        var x = Matrix<double>.FromArray(new double[,] { { 1, -1 } });
        var y = Matrix<double>.FromArray(new double[,] { { 1, 0 } });

        var tanh = LayerStatistics.Capture(network, x, y)[0].Activations!;

        Assert.Equal(4.0 / 6, tanh.SaturatedFraction!.Value, Tolerance);
        Assert.Equal(0, tanh.Mean, Tolerance);                        // the two examples are mirror images
        Assert.Equal(0, tanh.DeadUnitFraction);
    }

    [Fact]
    public void Float_and_double_networks_report_the_same_statistics()
    {
        var (x, y) = NetworkTests.Batch<double>(5, 6, 40);
        var builder = new NetworkBuilder(6).Dense(8, Activation.ReLU).Dense(4, Activation.Tanh).Dense(1, Activation.Sigmoid);
        var inDouble = LayerStatistics.Capture(builder.Build<double>(new FastRandom(9)), x, y);
        var inFloat = LayerStatistics.Capture(builder.Build<float>(new FastRandom(9)), x.Convert<float>(), y.Convert<float>());

        for (int l = 0; l < inDouble.Count; l++)
        {
            for (int p = 0; p < inDouble[l].Parameters.Count; p++)
                Assert.Equal(inDouble[l].Parameters[p].GradientNorm, inFloat[l].Parameters[p].GradientNorm, 1e-5);
            Assert.Equal(inDouble[l].Activations!.StandardDeviation, inFloat[l].Activations!.StandardDeviation, 1e-5);
        }
    }

    [Fact]
    public void Batch_norm_and_dropout_layers_are_captured_with_their_own_statistics()
    {
        var (x, y) = NetworkTests.Batch<double>(6, 5, 64);
        var network = new NetworkBuilder(5)
            .Dense(8, Activation.Tanh, batchNorm: new BatchNormOptions())
            .Dropout(0.8)
            .Dense(1, Activation.Sigmoid)
            .Build<double>(new FastRandom(2));

        var layers = LayerStatistics.Capture(network, x, y);

        Assert.Equal(["Dense", "BatchNorm", "Tanh", "Dropout", "Dense"], layers.Select(l => l.Description.Split('(')[0]));
        Assert.Equal([0, 1, 2, 3, 4], layers.Select(l => l.Index));
        Assert.Single(layers[0].Parameters);                             // W only: β replaces the bias
        Assert.NotNull(layers[0].PreActivationGradientRms);
        var normalized = layers[1].Activations!;
        Assert.Equal(0, normalized.Mean, 1e-12);                         // γ = 1, β = 0: each unit has mean 0 …
        Assert.Equal(1, normalized.StandardDeviation, 1e-3);             // … and variance σ²/(σ² + ε) ≈ 1
        Assert.Null(normalized.SaturatedFraction);
        Assert.Equal(["layers.1.gamma", "layers.1.beta"], layers[1].Parameters.Select(p => p.Name));
        Assert.NotNull(layers[2].Activations!.SaturatedFraction);         // tanh after batch norm
        Assert.Empty(layers[3].Parameters);
        Assert.Null(layers[3].Activations);
        Assert.Null(layers[3].PreActivationGradientRms);
    }

    [Fact]
    public void Capture_before_any_forward_pass_throws_and_says_what_to_do()
    {
        var network = new NetworkBuilder(2).Dense(2, Activation.ReLU).Dense(1, Activation.Sigmoid).Build<double>(new FastRandom(1));
        var ex = Assert.Throws<InvalidOperationException>(() => LayerStatistics.Capture(network));
        Assert.Contains("ComputeGradients", ex.Message);
        Assert.Throws<ArgumentNullException>(() => LayerStatistics.Capture<double>(null!));
    }

    [Fact]
    public void Snapshots_read_as_one_line_per_layer()
    {
        var (network, x, y) = HandSetNetwork();
        string text = LayerStatistics.Capture(network, x, y)[0].ToString();

        Assert.StartsWith("Layer 0 Dense(2 => 2, ReLU) | dZ rms ", text);
        Assert.Contains("layers.0.W: ‖θ‖ 2.5, ‖dθ‖ ", text);
        Assert.Contains("layers.0.b: ‖θ‖ 10,", text);
        Assert.Contains("A [2, 2]: mean 0.5, std 0.866, zeros 75%, dead units 50%, saturated n/a", text);
        Assert.DoesNotContain("\n", text);
    }

    [Fact]
    public void Norm_does_not_overflow_for_huge_entries_and_propagates_nan()
    {
        Assert.Equal(5e200, LayerStatistics.Norm<double>([3e200, 4e200]), 1e188);
        Assert.Equal(5, LayerStatistics.Norm<float>([3f, -4f]), 1e-6);
        Assert.True(double.IsNaN(LayerStatistics.Norm<double>([1, double.NaN, double.PositiveInfinity])));
        Assert.Equal(double.PositiveInfinity, LayerStatistics.Norm<double>([1, double.NegativeInfinity]));
        Assert.Equal(0, LayerStatistics.Norm<double>([]));
    }
}
