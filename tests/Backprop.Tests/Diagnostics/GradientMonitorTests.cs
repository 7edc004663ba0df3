using Backprop.Activations;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tests.Layers;
using Backprop.Training;

namespace Backprop.Tests.Diagnostics;

public class GradientMonitorTests
{
    private static Network<float> Deep(Activation hidden, Initializer initializer, int layers = 10, int width = 10, int inputs = 6)
    {
        var builder = new NetworkBuilder(inputs);
        for (int l = 0; l < layers - 1; l++)
            builder.Dense(width, hidden, initializer);
        return builder.Dense(1, Activation.Sigmoid, initializer).Build<float>(new FastRandom(11));
    }

    /// <summary>One forward and backward pass on a fixed batch, then one record at epoch 0.</summary>
    private static GradientMonitor<float> RecordOnce(Network<float> network)
    {
        var (x, y) = NetworkTests.Batch<float>(3, network.InputSize, 64);
        network.ComputeGradients(x, y);
        var monitor = new GradientMonitor<float>(network);
        monitor.Record(0);
        return monitor;
    }

    [Fact]
    public void Deep_sigmoid_network_with_tiny_weights_is_flagged_as_vanishing()
    {
        var monitor = RecordOnce(Deep(Activation.Sigmoid, Initializer.RandomNormal(0.01)));

        Assert.NotEmpty(monitor.Warnings);
        Assert.All(monitor.Warnings, w => Assert.True(w.IsVanishing, w.ToString()));
        var across = Assert.Single(monitor.Warnings, w => w.Kind == GradientWarningKind.VanishingAcrossLayers);
        Assert.Equal(0, across.LayerIndex);
        Assert.True(across.Value < 1e-3, across.ToString());
        // Each layer back multiplies dZ by about 0.25 · 0.01 · √10 ≈ 0.008: the first layers fall below 1e-7 relative.
        var relative = monitor.Warnings.Where(w => w.Kind == GradientWarningKind.VanishingRelativeToWeights).ToList();
        Assert.Contains(relative, w => w.Parameter == "layers.0.W");
        Assert.DoesNotContain(relative, w => w.Parameter == "layers.9.W"); // the output layer still learns
        Assert.Contains("vanishing", across.Message);
        Assert.StartsWith("Epoch 0: ", across.ToString());
    }

    [Theory]
    [InlineData("ReLU")]
    [InlineData("Linear")]
    public void Deep_network_with_large_weights_is_flagged_as_exploding(string hidden)
    {
        var activation = hidden == "ReLU" ? Activation.ReLU : Activation.Linear;
        var monitor = RecordOnce(Deep(activation, Initializer.RandomNormal(3)));

        var across = Assert.Single(monitor.Warnings, w => w.Kind == GradientWarningKind.ExplodingAcrossLayers);
        Assert.True(across.IsExploding);
        Assert.True(across.Value > 1e3, across.ToString());
        Assert.DoesNotContain(monitor.Warnings, w => w.IsVanishing);
        Assert.Contains("exploding", across.Message);
    }

    [Fact]
    public void He_initialized_relu_network_flags_nothing_while_training()
    {
        var network = Deep(Activation.ReLU, Initializer.He, layers: 8, width: 16);
        var (x, y) = NetworkTests.Batch<float>(4, 6, 128);
        var monitor = new GradientMonitor<float>(network);

        Trainer.Train(network, new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(0.05), Epochs = 30 });
        Trainer.Train(network, new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(0.05), Epochs = 30, Callbacks = [monitor] });

        Assert.Equal(30, monitor.History.Count);
        Assert.Empty(monitor.Warnings);
    }

    [Fact]
    public void Trainer_records_every_k_epochs_and_the_last_from_the_last_mini_batch()
    {
        var network = Deep(Activation.ReLU, Initializer.He, layers: 3, width: 8);
        var (x, y) = NetworkTests.Batch<float>(5, 6, 50);
        var monitor = new GradientMonitor<float>(network, every: 3);
        var options = new TrainingOptions { Optimizer = new Adam(0.01), Epochs = 11, BatchSize = 16, Callbacks = [monitor] };

        Trainer.Train(network, new Dataset<float>(x, y), options);

        Assert.Equal([0, 3, 6, 9, 10], monitor.History.Keys);
        Assert.All(monitor.History.Values, s => Assert.Equal(network.Layers.Count, s.Count));
        // 50 = 3·16 + 2: the recorded activations are the last batch's two examples.
        Assert.All(monitor.History.Values, s => Assert.Equal(2, s[0].Activations!.Examples));
        // The last record is exactly what the network holds after training: updated weights, last gradients.
        var after = LayerStatistics.Capture(network);
        Assert.Equal(after.SelectMany(l => l.Parameters), monitor.History[10].SelectMany(l => l.Parameters));
        Assert.Equal(after[0].Activations, monitor.History[10][0].Activations);

        // A second run starts a fresh record.
        Trainer.Train(network, new Dataset<float>(x, y), options with { Epochs = 2 });
        Assert.Equal([0, 1], monitor.History.Keys);
    }

    [Fact]
    public void Gradient_growing_more_than_100_times_between_records_is_flagged()
    {
        var network = Deep(Activation.Tanh, Initializer.Xavier, layers: 3, width: 8);
        var (x, y) = NetworkTests.Batch<float>(6, 6, 32);
        var monitor = new GradientMonitor<float>(network, every: 5);
        network.ComputeGradients(x, y);
        monitor.Record(0);
        Assert.Empty(monitor.Warnings);

        // A 1000× larger output layer sends a 1000× larger dZ back into every earlier layer.
        var outputWeights = network.Parameters[^2].Value.Span;
        for (int i = 0; i < outputWeights.Length; i++) outputWeights[i] *= 1000;
        network.ComputeGradients(x, y);
        monitor.Record(5);

        var grown = monitor.Warnings.Where(w => w.Kind == GradientWarningKind.ExplodingBetweenEpochs).ToList();
        Assert.Equal(["layers.0.W", "layers.1.W"], grown.Select(w => w.Parameter));
        Assert.All(grown, w => Assert.Equal(5, w.Epoch));
        Assert.All(grown, w => Assert.InRange(w.Value, 100, 1e4));
    }

    [Fact]
    public void Nan_weights_are_flagged_as_non_finite_and_other_rules_stay_quiet()
    {
        var network = Deep(Activation.ReLU, Initializer.He, layers: 3, width: 8);
        network.Parameters[2].Value[0, 0] = float.NaN;
        var monitor = RecordOnce(network);

        Assert.NotEmpty(monitor.Warnings);
        Assert.All(monitor.Warnings, w => Assert.Equal(GradientWarningKind.ExplodingNonFinite, w.Kind));
        // Layer 1 holds the NaN; backward propagation carries it into layer 0's gradient.
        Assert.Equal([0, 1, 2], monitor.Warnings.Select(w => w.LayerIndex));
        Assert.Equal("Epoch 0: Layer 1 Dense(8 => 8, ReLU): ‖layers.1.W‖ is NaN. Gradients are exploding: use He/Xavier initialization, a lower learning rate or gradient clipping.",
            monitor.Warnings[1].ToString());
        Assert.Contains("the gradient norm of layers.0.W is NaN", monitor.Warnings[0].Message);
    }

    [Fact]
    public void Constructor_validates_every_threshold_and_names_it()
    {
        var network = Deep(Activation.ReLU, Initializer.He, layers: 2);
        Assert.Throws<ArgumentNullException>(() => new GradientMonitor<float>(null!));
        Assert.Equal("every", Assert.Throws<ArgumentOutOfRangeException>(() => new GradientMonitor<float>(network, every: 0)).ParamName);
        foreach (double bad in new[] { -1e-9, double.NaN, double.PositiveInfinity })
            Assert.Equal("minimumRelativeGradient", Assert.Throws<ArgumentOutOfRangeException>(() => new GradientMonitor<float>(network, minimumRelativeGradient: bad)).ParamName);
        foreach (double bad in new[] { 1, 0.5, double.NaN })
        {
            Assert.Equal("maximumLayerRatio", Assert.Throws<ArgumentOutOfRangeException>(() => new GradientMonitor<float>(network, maximumLayerRatio: bad)).ParamName);
            Assert.Equal("maximumEpochGrowth", Assert.Throws<ArgumentOutOfRangeException>(() => new GradientMonitor<float>(network, maximumEpochGrowth: bad)).ParamName);
        }

        var monitor = new GradientMonitor<float>(network, every: 4, minimumRelativeGradient: 0, maximumLayerRatio: double.PositiveInfinity, maximumEpochGrowth: 10);
        Assert.Equal((4, 0.0, double.PositiveInfinity, 10.0), (monitor.Every, monitor.MinimumRelativeGradient, monitor.MaximumLayerRatio, monitor.MaximumEpochGrowth));
        Assert.Same(network, monitor.Network);
        Assert.Throws<InvalidOperationException>(() => monitor.Record(0)); // no forward pass yet
    }
}
