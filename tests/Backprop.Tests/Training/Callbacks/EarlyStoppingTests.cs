using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tests.Layers;
using Backprop.Training;
using Backprop.Training.Callbacks;

namespace Backprop.Tests.Training.Callbacks;

public class EarlyStoppingTests
{
    /// <summary>Feeds EarlyStopping a scripted metric sequence through a real context.</summary>
    private static (int? Stopped, int BestEpoch, int Epochs) Script(EarlyStopping stopper, params double[] devCosts)
    {
        var (x, y) = NetworkTests.Batch<double>(1, 3, 8);
        var network = new NetworkBuilder(3).Dense(1, Activation.Sigmoid).Build<double>(new FastRandom(1));
        var script = new Scripted(devCosts);
        // The scripted callback runs first and rewrites the dev cost EarlyStopping sees.
        var history = Trainer.Train(network, new Dataset<double>(x, y), new TrainingOptions
        {
            Optimizer = new GradientDescent(0.01),
            Epochs = devCosts.Length,
            Callbacks = [script, new Forward(stopper, script)],
        }, validation: new Dataset<double>(x, y));
        return (stopper.StoppedEpoch, stopper.BestEpoch, history.Epochs);
    }

    [Fact]
    public void Stops_after_patience_epochs_without_improvement()
    {
        var stopper = new EarlyStopping(patience: 2);
        var (stopped, best, epochs) = Script(stopper, 1.0, 0.8, 0.85, 0.9, 0.7, 0.6);
        Assert.Equal(3, stopped);
        Assert.Equal(1, best);
        Assert.Equal(4, epochs);
        Assert.Equal(0.8, stopper.Best);
    }

    [Fact]
    public void Min_delta_baseline_and_start_epoch_follow_keras()
    {
        // 0.95 is not better than 1.0 by more than 0.1: with patience 1 that first miss stops training.
        Assert.Equal(1, Script(new EarlyStopping(patience: 1, minDelta: 0.1), 1.0, 0.95, 0.92, 0.5).Stopped);
        Assert.Equal(3, Script(new EarlyStopping(patience: 1, minDelta: 0.01), 1.0, 0.95, 0.92, 0.92, 0.5).Stopped);
        // Baseline 0.5 is never beaten: epochs count against patience even though the cost improves.
        Assert.Equal(1, Script(new EarlyStopping(patience: 2, baseline: 0.5), 1.0, 0.9, 0.8, 0.7).Stopped);
        Assert.Null(Script(new EarlyStopping(patience: 2, baseline: 0.95), 1.0, 0.9, 0.8, 0.7).Stopped);
        Assert.Null(Script(new EarlyStopping(patience: 0, startFromEpoch: 3), 1.0, 2.0, 3.0, 0.5, 0.4).Stopped);
    }

    [Fact]
    public void Restores_the_best_weights_when_stopping_and_is_reusable()
    {
        var (x, y) = NetworkTests.Batch<double>(2, 3, 30);
        var network = new NetworkBuilder(3).Dense(4, Activation.ReLU, Initializer.He).Dense(1, Activation.Sigmoid).Build<double>(new FastRandom(2));
        var stopper = new EarlyStopping(TrainingMetric.DevAccuracy, patience: 3, restoreBestWeights: true);
        var recorder = new WeightRecorder(network);
        var dev = new Dataset<double>(x, y);
        // A huge learning rate makes the dev metrics jump around; whatever happens, the final weights
        // must be those recorded at the best epoch.
        var options = new TrainingOptions { Optimizer = new GradientDescent(5), Epochs = 200, Callbacks = [recorder, stopper] };
        Trainer.Train(network, new Dataset<double>(x, y), options, validation: dev);
        if (stopper.StoppedEpoch is not null)
            Assert.Equal(recorder.Weights[stopper.BestEpoch], network.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray());
        Trainer.Train(network, new Dataset<double>(x, y), options with { Epochs = 2 }, validation: dev);
        Assert.Null(stopper.StoppedEpoch);
    }

    [Fact]
    public void Watching_a_dev_metric_without_a_dev_set_and_bad_arguments_are_errors()
    {
        var (x, y) = NetworkTests.Batch<double>(3, 3, 8);
        var network = new NetworkBuilder(3).Dense(1, Activation.Sigmoid).Build<double>(new FastRandom(1));
        var ex = Assert.Throws<InvalidOperationException>(() => Trainer.Train(network, new Dataset<double>(x, y),
            new TrainingOptions { Optimizer = new GradientDescent(0.1), Epochs = 2, Callbacks = [new EarlyStopping()] }));
        Assert.Contains("validation", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(minDelta: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(baseline: double.NaN));
    }

    private sealed class Scripted(double[] values) : TrainingCallback
    {
        public double Value { get; private set; }
        public override void OnEpochEnd(TrainingContext context, EpochResult result) => Value = values[result.Epoch];
    }

    private sealed class Forward(EarlyStopping inner, Scripted script) : TrainingCallback
    {
        public override void OnTrainBegin(TrainingContext context) => inner.OnTrainBegin(context);
        public override void OnEpochEnd(TrainingContext context, EpochResult result) => inner.OnEpochEnd(context, result with { DevCost = script.Value });
    }

    private sealed class WeightRecorder(Network<double> network) : TrainingCallback
    {
        public Dictionary<int, double[]> Weights { get; } = [];
        public override void OnEpochEnd(TrainingContext context, EpochResult result)
            => Weights[result.Epoch] = network.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
    }
}
