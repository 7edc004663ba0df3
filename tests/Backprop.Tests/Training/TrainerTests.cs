using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tests.Layers;
using Backprop.Training;

namespace Backprop.Tests.Training;

// Measures allocations: runs alone, so other tests' garbage collections cannot blur the count.
[Collection(SerialCollection.Name)]
public class TrainerTests
{
    private static Network<float> Net(int inputs = 12) => new NetworkBuilder(inputs)
        .Dense(8, Activation.ReLU, Initializer.He)
        .Dense(1, Activation.Sigmoid, Initializer.Xavier)
        .Build<float>(new FastRandom(3));

    [Fact]
    public void Costs_are_recorded_every_k_epochs_and_at_the_last_one_and_training_learns()
    {
        var (x, y) = NetworkTests.Batch<float>(1, 12, 200);
        var history = Trainer.Train(Net(), new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(0.5), Epochs = 250, CostEvery = 100 });
        Assert.Equal([0, 100, 200, 249], history.Costs.Select(c => c.Epoch));
        Assert.True(history.CostAt(249) < history.CostAt(0) / 3, $"{history.CostAt(0)} → {history.CostAt(249)}");
        Assert.Equal(250, history.Epochs);
        Assert.Throws<KeyNotFoundException>(() => history.CostAt(50));
    }

    [Fact]
    public void Cost_is_computed_before_the_update_so_epoch_0_is_the_initial_cost()
    {
        var (x, y) = NetworkTests.Batch<float>(2, 12, 50);
        var net = Net();
        net.Forward(x);
        double initial = net.Cost(y);
        var history = Trainer.Train(net, new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(0.1), Epochs = 3 });
        Assert.Equal(initial, history.CostAt(0));
    }

    [Fact]
    public void Diverging_cost_stops_with_the_epoch_and_a_lower_learning_rate_suggestion()
    {
        var (x, y) = NetworkTests.Batch<float>(3, 12, 50);
        for (int i = 0; i < x.Length; i++) x.Span[i] *= 1e3f;
        var ex = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Train(Net(), new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(1e30), Epochs = 100 }));
        Assert.Contains($"iteration (epoch) {ex.Epoch}", ex.Message);
        Assert.Contains("lower", ex.Message);
        Assert.True(ex.Epoch > 0);
    }

    [Fact]
    public void Bad_data_is_rejected_before_training_with_a_clear_message()
    {
        var (x, y) = NetworkTests.Batch<float>(4, 12, 10);
        var options = new TrainingOptions { Optimizer = new GradientDescent(0.1), Epochs = 1 };
        x[3, 7] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => Trainer.Train(Net(), new Dataset<float>(x, y), options));
        Assert.Contains("X[3, 7] is NaN", nan.Message);

        var (x2, y2) = NetworkTests.Batch<float>(4, 12, 10);
        y2[0, 4] = 0.5f;
        Assert.Contains("Y[0, 4]", Assert.Throws<ArgumentException>(() => Trainer.Train(Net(), new Dataset<float>(x2, y2), options)).Message);
        Assert.Throws<ShapeMismatchException>(() => Trainer.Train(Net(11), new Dataset<float>(x2, y2), options));
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Train(Net(), new Dataset<float>(x2, y2), options with { Epochs = 0 }));
    }

    [Fact]
    public void The_training_loop_itself_allocates_nothing_per_epoch()
    {
        var (x, y) = NetworkTests.Batch<float>(5, 12, 64);
        TrainingAllocations.AssertNonePerEpoch(() => Net(), new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(0.1) }, few: 5, extra: 500);
    }

    [Fact]
    public void Callbacks_see_every_epoch_and_can_stop_training()
    {
        var (x, y) = NetworkTests.Batch<float>(6, 12, 20);
        var stopper = new StopAt(7);
        var history = Trainer.Train(Net(), new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(0.1), Epochs = 100, Callbacks = [stopper] });
        Assert.Equal(8, history.Epochs);
        Assert.True(history.StoppedEarly);
        Assert.Equal(Enumerable.Range(0, 8), stopper.Seen);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        var (x, y) = NetworkTests.Batch<float>(7, 12, 20);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => Trainer.Train(Net(), new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(0.1) }, cancellationToken: cts.Token));
    }

    [Fact]
    public void Binary_accuracy_uses_a_strict_threshold()
    {
        var p = Matrix<double>.FromArray(new double[,] { { 0.5, 0.51, 0.2, 0.9 } });
        var y = Matrix<double>.FromArray(new double[,] { { 0, 1, 1, 1 } });
        Assert.Equal(0.75, Accuracy.Binary(p, y));
        Assert.Equal(new[] { 0.0, 1, 0, 1 }, Accuracy.Labels(p).Span.ToArray());
    }

    private sealed class StopAt(int epoch) : TrainingCallback
    {
        public List<int> Seen { get; } = [];

        public override void OnEpochEnd(TrainingContext context, EpochResult result)
        {
            Seen.Add(result.Epoch);
            if (result.Epoch == epoch) context.StopTraining = true;
        }
    }
}

public class TrainerScheduleTests
{
    [Fact]
    public void The_schedule_sets_each_epochs_learning_rate_from_the_optimizers_base_rate()
    {
        var (x, y) = Backprop.Tests.Layers.NetworkTests.Batch<float>(1, 12, 40);
        var rates = new List<double>();
        var net = new NetworkBuilder(12).Dense(4, Activation.ReLU).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(1));
        Trainer.Train(net, new Dataset<float>(x, y), new TrainingOptions
        {
            Optimizer = new GradientDescent(0.5),
            Epochs = 4,
            Schedule = new Backprop.Schedules.InverseTimeDecay(1),
            Callbacks = [new RateRecorder(rates)],
        });
        Assert.Equal([0.5, 0.25, 0.5 / 3, 0.125], rates);
    }

    private sealed class RateRecorder(List<double> rates) : TrainingCallback
    {
        public override void OnEpochEnd(TrainingContext context, EpochResult result) => rates.Add(result.LearningRate);
    }
}

public class TrainerAugmentationTests
{
    [Fact]
    public void Shuffled_batches_are_augmented_as_example_rows_with_the_bits_of_the_column_path()
    {
        var (x, y) = Backprop.Tests.Layers.NetworkTests.Batch<float>(4, 12, 40);
        var path = new PathRecorder();
        var augmenter = new Backprop.Data.Augmentation.Augmenter(new Backprop.Data.Augmentation.GaussianNoise(0.5), path);
        static Network<float> Net() => new NetworkBuilder(12).Dense(4, Activation.ReLU).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(1));

        var trained = Net();
        Trainer.Train(trained, new Dataset<float>(x, y), new TrainingOptions
        {
            Optimizer = new GradientDescent(0.1),
            Epochs = 2,
            BatchSize = 16,
            Shuffle = ShufflePolicy.Random(new FastRandom(3)),
            Augmentation = augmenter,
            Seed = 9,
        });

        Assert.True(path.ByRows, "The trainer augmented the shuffled batches as columns, not as example rows.");

        // By hand on the column path: the same permutations, the same augmentation draws (seed + 1), the same steps.
        var manual = Net();
        var batcher = new MiniBatcher<float>(new Dataset<float>(x, y), 16, ShufflePolicy.Random(new FastRandom(3)), alwaysCopy: true);
        var random = new FastRandom(10);
        var state = new GradientDescent(0.1).CreateState(manual.TrainableParameters);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            batcher.StartEpoch(epoch);
            for (int b = 0; b < batcher.BatchesPerEpoch; b++)
            {
                var (bx, by) = batcher.Batch(b);
                augmenter.Apply(bx, random);
                manual.ComputeGradients(bx, by);
                state.Update(0.1);
            }
        }

        Assert.Equal(manual.Parameters.SelectMany(p => p.Value.Span.ToArray()), trained.Parameters.SelectMany(p => p.Value.Span.ToArray()));
    }

    /// <summary>An identity step that notes whether the pipeline was applied to example rows.</summary>
    private sealed class PathRecorder : Backprop.Data.Augmentation.IAugmentation
    {
        public bool ByRows { get; private set; }

        public bool RequiresImage => false;

        public void Apply(Span<double> example, Backprop.Data.Augmentation.ImageShape? shape, Span<double> scratch, Backprop.Randomness.IRandomSource random)
            => ByRows |= Environment.StackTrace.Contains(nameof(Backprop.Data.Augmentation.Augmenter.ApplyRows), StringComparison.Ordinal);
    }

    [Fact]
    public void Augmentation_changes_the_batches_but_never_the_data_set_and_is_seeded()
    {
        var (x, y) = Backprop.Tests.Layers.NetworkTests.Batch<float>(4, 12, 40);
        var original = x.Span.ToArray();
        float[] Run()
        {
            var net = new NetworkBuilder(12).Dense(4, Activation.ReLU).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(1));
            Trainer.Train(net, new Dataset<float>(x, y), new TrainingOptions
            {
                Optimizer = new GradientDescent(0.1),
                Epochs = 3,
                Augmentation = new Backprop.Data.Augmentation.Augmenter(new Backprop.Data.Augmentation.GaussianNoise(0.5)),
            });
            return net.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }
        var first = Run();
        Assert.Equal(original, x.Span.ToArray());
        Assert.Equal(first, Run());
        var plain = new NetworkBuilder(12).Dense(4, Activation.ReLU).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(1));
        Trainer.Train(plain, new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(0.1), Epochs = 3 });
        Assert.NotEqual(first, plain.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray());
    }
}
