using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests.Layers;

public class TransferLearningTests
{
    private static Dataset<float> Flower(int seed) => PlanarFlower.Generate<float>(seed);

    private static Network<float> Pretrained()
    {
        var network = new NetworkBuilder(2)
            .Dense(16, Activation.Tanh, Initializer.Xavier)
            .Dense(8, Activation.ReLU, Initializer.He)
            .Dense(1, Activation.Sigmoid, Initializer.Xavier)
            .Build<float>(new FastRandom(3));
        Trainer.Train(network, Flower(1), new TrainingOptions { Optimizer = new Adam(0.01), Epochs = 100, BatchSize = 64 });
        return network;
    }

    [Fact]
    public void Frozen_layers_stay_bit_for_bit_unchanged_while_the_new_head_learns_a_new_task()
    {
        var trained = Pretrained();
        // A new task on the same inputs: which quadrant (4 classes) a point lies in.
        var source = Flower(2);
        var labels = new int[source.Count];
        for (int j = 0; j < labels.Length; j++)
            labels[j] = (source.X[0, j] > 0 ? 1 : 0) + (source.X[1, j] > 0 ? 2 : 0);
        var quadrants = new Dataset<float>(source.X, OneHot.Encode<float>(labels, 4));

        var head = new NetworkBuilder(8).Dense(4, Activation.Softmax, Initializer.Xavier).WithLoss(Loss.CategoricalCrossEntropy);
        var network = TransferLearning.ReplaceHead(trained, keepLayers: 2, head, new FastRandom(4));
        float[][] before = network.Parameters.Take(4).Select(p => p.Value.Span.ToArray()).ToArray();
        float[] headBefore = network.Parameters[4].Value.Span.ToArray();
        Assert.Equal(["layers.0.W", "layers.0.b", "layers.1.W", "layers.1.b", "layers.2.W", "layers.2.b"], network.Parameters.Select(p => p.Name));
        Assert.Equal(2, network.TrainableParameters.Count);

        var history = Trainer.Train(network, quadrants, new TrainingOptions { Optimizer = new Adam(0.02), Epochs = 150, BatchSize = 64 });

        for (int i = 0; i < 4; i++)
            Assert.Equal(before[i], network.Parameters[i].Value.Span.ToArray());
        Assert.NotEqual(headBefore, network.Parameters[4].Value.Span.ToArray());
        Assert.True(history.FinalCost < history.CostAt(0) / 2, $"{history.CostAt(0)} → {history.FinalCost}");
        Assert.True(Accuracy.Categorical(network.Forward(quadrants.X), quadrants.Y) > 0.8);
    }

    [Fact]
    public void Unfrozen_transfer_fine_tunes_every_layer()
    {
        var trained = Pretrained();
        float[] first = trained.Parameters[0].Value.Span.ToArray();
        var head = new NetworkBuilder(8).Dense(1, Activation.Sigmoid, Initializer.Xavier);
        var network = TransferLearning.ReplaceHead(trained, 2, head, new FastRandom(5), freeze: false);
        Trainer.Train(network, Flower(3), new TrainingOptions { Optimizer = new Adam(0.01), Epochs = 5, BatchSize = 64 });
        Assert.NotEqual(first, network.Parameters[0].Value.Span.ToArray());
    }

    [Fact]
    public void Bad_requests_name_the_problem()
    {
        var trained = Pretrained();
        var head = new NetworkBuilder(8).Dense(1, Activation.Sigmoid);
        Assert.Equal("keepLayers", Assert.Throws<ArgumentOutOfRangeException>(() => TransferLearning.ReplaceHead(trained, 3, head, new FastRandom(1))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => TransferLearning.ReplaceHead(trained, 0, head, new FastRandom(1)));
        var wrong = Assert.Throws<ArgumentException>(() => TransferLearning.ReplaceHead(trained, 1, head, new FastRandom(1)));
        Assert.Contains("takes 8 inputs but the kept layers output 16", wrong.Message);
        Assert.Contains("3 layers", Assert.Throws<ArgumentOutOfRangeException>(() => trained.Freeze(3)).Message);
    }
}
