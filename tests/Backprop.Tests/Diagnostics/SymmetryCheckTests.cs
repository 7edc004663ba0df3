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

public class SymmetryCheckTests
{
    private static Network<float> Trained(Initializer initializer)
    {
        var network = new NetworkBuilder(4)
            .Dense(6, Activation.Sigmoid, initializer)
            .Dense(5, Activation.Sigmoid, initializer)
            .Dense(1, Activation.Sigmoid, initializer)
            .Build<float>(new FastRandom(8));
        var (x, y) = NetworkTests.Batch<float>(8, 4, 60);
        Trainer.Train(network, new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(0.5), Epochs = 40 });
        return network;
    }

    [Fact]
    public void Zero_initialized_hidden_layers_are_still_symmetric_after_training()
    {
        var network = Trained(Initializer.Zeros);
        Assert.NotEmpty(network.Warnings); // the builder's warning, from the initializer's name

        var found = SymmetryCheck.Diagnose(network);

        Assert.Equal([0, 1], found.Select(s => s.LayerIndex));
        Assert.All(found, s => Assert.True(s.AllIdentical, s.ToString()));
        Assert.Equal(6, found[0].Units);
        Assert.Equal(1, found[0].DistinctUnits);
        // Training did move the sigmoid layer: its units are equal, not merely zero.
        Assert.NotEqual(0f, network.Parameters[0].Value[0, 0]);
        Assert.Contains("all 6 units are identical", found[0].ToString());
        Assert.Contains("not with zeros", found[0].ToString());
    }

    [Fact]
    public void He_initialized_network_has_only_distinct_units()
    {
        var network = Trained(Initializer.He);

        Assert.Empty(SymmetryCheck.Diagnose(network));
        var all = SymmetryCheck.Analyze(network);
        Assert.Equal([(0, 6, 6), (1, 5, 5)], all.Select(s => (s.LayerIndex, s.Units, s.DistinctUnits)));
        Assert.Equal("Layer 0 Dense(4 => 6, Sigmoid): 6 distinct units out of 6.", all[0].ToString());
    }

    [Fact]
    public void Partly_duplicated_units_are_counted_and_the_tolerance_is_relative()
    {
        var network = new NetworkBuilder(2).Dense(3, Activation.Tanh).Dense(1, Activation.Sigmoid).Build<double>(new FastRandom(1));
        new double[] { 100, 2, 100 + 1e-4, 2, -1, 5 }.CopyTo(network.Parameters[0].Value.Span);
        network.Parameters[1].Value.Clear();

        var layer = Assert.Single(SymmetryCheck.Diagnose(network));          // units 0 and 1 differ by 1e-6 of the scale 100
        Assert.Equal((3, 2), (layer.Units, layer.DistinctUnits));
        Assert.False(layer.AllIdentical);
        Assert.Empty(SymmetryCheck.Diagnose(network, tolerance: 1e-7));      // tighter than their difference

        network.Parameters[1].Value[1, 0] = 0.5;                              // a different bias separates the units
        Assert.Empty(SymmetryCheck.Diagnose(network));
    }

    [Fact]
    public void Tolerance_is_validated()
    {
        var network = Trained(Initializer.He);
        foreach (double bad in new[] { -0.1, 1, double.NaN })
            Assert.Equal("tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => SymmetryCheck.Analyze(network, bad)).ParamName);
        Assert.Throws<ArgumentNullException>(() => SymmetryCheck.Diagnose<float>(null!));
    }
}
