using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Schedules;
using Backprop.Serialization;
using Backprop.Training;
using Backprop.Training.Callbacks;

namespace Backprop.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private const int Epochs = 12;
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-ckpt").FullName;
    private readonly Dataset<float> _train = PlanarFlower.Generate<float>(1);
    private readonly Dataset<float> _dev = PlanarFlower.Generate<float>(new FastRandom(7), examples: 100);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Dropout, batch norm, Adam, mini-batch shuffling: every kind of state a run carries.</summary>
    private static Network<float> Build(bool course = false) => new NetworkBuilder(2)
        .Dense(8, Activation.ReLU, batchNorm: BatchNormOptions.Default).Dropout(0.8)
        .Dense(4, Activation.Tanh).Dropout(0.9)
        .Dense(1, Activation.Sigmoid)
        .Build<float>(new FastRandom(3), course ? new NumPyRandom(3) : null);

    /// <summary>Fresh options each time, as a new process would build them; <paramref name="course"/> shuffles as the course does.</summary>
    private static TrainingOptions Options(int epochs, params TrainingCallback[] extra) => Options(epochs, false, extra);

    private static TrainingOptions Options(int epochs, bool course, params TrainingCallback[] extra) => new()
    {
        Shuffle = course ? ShufflePolicy.CourseReseeded(11) : null,
        Optimizer = new Adam(0.01),
        Epochs = epochs,
        BatchSize = 32,
        Seed = 5,
        CostEvery = 1,
        Schedule = new ReduceOnPlateau(factor: 0.5, patience: 2, minDelta: 0.05),
        Callbacks = [new EarlyStopping(TrainingMetric.DevCost, patience: 100, restoreBestWeights: true), .. extra],
    };

    private byte[] Saved(Network<float> network, string name)
    {
        string path = Path.Combine(_folder, name);
        ModelFile.Save(network, path);
        return File.ReadAllBytes(path);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // NumPy's generator for the dropout masks and the course's reseeded shuffles
    public void Resuming_from_a_checkpoint_gives_the_uninterrupted_model_byte_for_byte(bool course)
    {
        var plain = Build(course);
        var rates = new List<double>();
        var plainHistory = Trainer.Train(plain, _train, Options(Epochs, course, new LearningRates(rates)), _dev);
        byte[] expected = Saved(plain, "plain.bpmodel");
        // The plateau schedule has reduced the rate before the checkpoint at epoch 5, so its state must carry over.
        Assert.Equal(0.01, rates[0]);
        Assert.True(rates[5] < 0.01, string.Join(", ", rates));

        // The same run writing checkpoints must not be disturbed by them.
        string every = Path.Combine(_folder, "every");
        var checkpointed = Build(course);
        Trainer.Train(checkpointed, _train, Options(Epochs, course, new Checkpointing(every, every: 5)), _dev);
        Assert.Equal(expected, Saved(checkpointed, "checkpointed.bpmodel"));
        Assert.True(File.Exists(Path.Combine(every, "epoch-0005.ckpt")) && File.Exists(Path.Combine(every, "epoch-0010.ckpt")));

        // An interrupted run: 5 epochs, checkpoint, then a fresh load resumed to the end.
        string stopped = Path.Combine(_folder, "stopped");
        Trainer.Train(Build(course), _train, Options(5, course, new Checkpointing(stopped, every: 5)), _dev);
        var checkpoint = CheckpointFile.Load<float>(Path.Combine(stopped, "epoch-0005.ckpt"));
        Assert.Equal(5, checkpoint.Epoch);
        Assert.IsType(course ? typeof(NumPyRandom) : typeof(FastRandom), checkpoint.Network.Layers.OfType<DropoutLayer<float>>().First().Random);
        Assert.Equal("Adam", checkpoint.OptimizerKind);
        Assert.Equal(5 * 13, checkpoint.Steps); // ⌈400 / 32⌉ = 13 updates per epoch
        var history = Trainer.Resume(checkpoint, _train, Options(Epochs, course), _dev);
        Assert.Equal(Epochs, history.Epochs);
        Assert.Equal(expected, Saved(checkpoint.Network, "resumed.bpmodel"));
        Assert.Equal(plainHistory.Costs, history.Costs);

        // And from the uninterrupted run's own epoch-10 checkpoint.
        var late = CheckpointFile.Load<float>(Path.Combine(every, "epoch-0010.ckpt"));
        Trainer.Resume(late, _train, Options(Epochs, course), _dev);
        Assert.Equal(expected, Saved(late.Network, "late.bpmodel"));
    }

    [Fact]
    public void A_checkpoint_without_its_generator_states_would_diverge()
    {
        // Guards the test above: resuming with fresh generators (a plain model file) gives other weights.
        var plain = Build();
        Trainer.Train(plain, _train, Options(Epochs), _dev);
        string stopped = Path.Combine(_folder, "s");
        Trainer.Train(Build(), _train, Options(5, new Checkpointing(stopped, every: 5)), _dev);
        var model = ModelFile.Load<float>(Path.Combine(stopped, "epoch-0005.ckpt"));
        Trainer.Train(model.Network, _train, Options(Epochs - 5), _dev);
        Assert.NotEqual(Saved(plain, "a.bpmodel"), Saved(model.Network, "b.bpmodel"));
    }

    [Fact]
    public void Best_checkpoint_holds_the_weights_of_the_best_dev_epoch()
    {
        var devCosts = new List<double>();
        var weights = new List<float[]>();
        var network = Build();
        var recorder = new Recorder(network, devCosts, weights);
        var best = new Checkpointing(Path.Combine(_folder, "best"), best: true);
        Trainer.Train(network, _train, Options(Epochs, best, recorder) with { Schedule = null, Optimizer = new Adam(0.1) }, _dev);

        int bestEpoch = devCosts.IndexOf(devCosts.Min());
        Assert.True(bestEpoch < Epochs - 1, "the run should pass its best dev epoch, so the test can tell best from last");
        Assert.Equal(bestEpoch, best.BestEpoch);
        var checkpoint = CheckpointFile.Load<float>(best.BestPath);
        Assert.Equal(bestEpoch + 1, checkpoint.Epoch);
        Assert.Equal(weights[bestEpoch], Flatten(checkpoint.Network));
        Assert.NotEqual(weights[^1], Flatten(checkpoint.Network));
    }

    [Fact]
    public void Loading_rejects_truncated_corrupt_and_plain_model_files_naming_the_file()
    {
        string folder = Path.Combine(_folder, "bad");
        Trainer.Train(Build(), _train, Options(2, new Checkpointing(folder, every: 2)), _dev);
        string path = Path.Combine(folder, "epoch-0002.ckpt");
        byte[] bytes = File.ReadAllBytes(path);

        string truncated = Path.Combine(_folder, "truncated.ckpt");
        File.WriteAllBytes(truncated, bytes[..^100]);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load<float>(truncated));
        Assert.Contains("Checkpoint file", e.Message);
        Assert.Contains("truncated", e.Message);

        string corrupt = Path.Combine(_folder, "corrupt.ckpt");
        bytes[^40] ^= 1;
        File.WriteAllBytes(corrupt, bytes);
        Assert.Contains("checksum mismatch", Assert.Throws<InvalidDataException>(() => CheckpointFile.Load<float>(corrupt)).Message);

        string model = Path.Combine(_folder, "model.bpmodel");
        ModelFile.Save(Build(), model);
        Assert.Contains("no training state", Assert.Throws<InvalidDataException>(() => CheckpointFile.Load<float>(model)).Message);

        // A checkpoint is still a model file for every tool that reads models.
        Assert.Equal(2, ModelFile.Load<float>(path).Network.InputSize);
    }

    [Fact]
    public void Resuming_rejects_another_optimizer_and_too_few_epochs()
    {
        string folder = Path.Combine(_folder, "opt");
        Trainer.Train(Build(), _train, Options(3, new Checkpointing(folder, every: 3)), _dev);
        var checkpoint = CheckpointFile.Load<float>(Path.Combine(folder, "epoch-0003.ckpt"));
        var e = Assert.Throws<ArgumentException>(() => Trainer.Resume(checkpoint, _train, Options(10) with { Optimizer = new Momentum(0.1) }, _dev));
        Assert.Contains("trained with Adam and cannot be resumed with Momentum", e.Message);
        Assert.Contains("already trained 3 epochs", Assert.Throws<ArgumentException>(() => Trainer.Resume(checkpoint, _train, Options(3), _dev)).Message);
        Assert.Contains("must share the checkpoint network's layers", Assert.Throws<ArgumentException>(() => Trainer.Resume(checkpoint, Build(), _train, Options(10), _dev)).Message);
        var wide = new Dataset<float>(new Backprop.Tensors.Matrix<float>(3, 10), new Backprop.Tensors.Matrix<float>(1, 10));
        Assert.Contains("takes 2 input features but X is [3, 10]", Assert.ThrowsAny<ArgumentException>(() => Trainer.Resume(checkpoint, wide, Options(10))).Message);
    }

    [Fact]
    public void Learning_rate_and_keep_prob_can_change_between_runs()
    {
        string folder = Path.Combine(_folder, "panda");
        Trainer.Train(Build(), _train, Options(4, new Checkpointing(folder, every: 4)), _dev);
        var checkpoint = CheckpointFile.Load<float>(Path.Combine(folder, "epoch-0004.ckpt"));
        var network = checkpoint.Network.WithKeepProb(1).WithRegularizer(Backprop.Regularization.Regularizer.L2(0.1));
        var learningRates = new List<double>();
        var history = Trainer.Resume(checkpoint, network, _train, Options(6, new LearningRates(learningRates)) with { Optimizer = new Adam(0.0005), Schedule = null }, _dev);
        Assert.Equal(6, history.Epochs);
        Assert.Equal([0.0005, 0.0005], learningRates);
        Assert.All(network.Layers.OfType<DropoutLayer<float>>(), d => Assert.Equal(1, d.KeepProb));
        Assert.Same(checkpoint.Network.Parameters[0], network.Parameters[0]);
    }

    [Fact]
    public void Generators_continue_their_streams_from_a_saved_state()
    {
        foreach (IRestorableRandom random in new IRestorableRandom[] { new FastRandom(9), new NumPyRandom(9) })
        {
            random.NextGaussian(); // leaves the polar method's second value cached
            byte[] state = random.SaveState();
            double[] expected = [random.NextGaussian(), random.NextDouble(), random.NextUInt32(), random.NextGaussian()];
            var restored = RandomState.Restore(state);
            Assert.IsType(random.GetType(), restored);
            double[] actual = [restored.NextGaussian(), restored.NextDouble(), restored.NextUInt32(), restored.NextGaussian()];
            Assert.Equal(expected, actual);
        }
        Assert.Contains("Not a saved FastRandom state", Assert.Throws<ArgumentException>(() => new FastRandom(1).RestoreState(new NumPyRandom(1).SaveState())).Message);
        Assert.Contains("Unknown random-generator kind 7", Assert.Throws<ArgumentException>(() => RandomState.Restore([7, 0])).Message);
    }

    private static float[] Flatten(Network<float> network) => [.. network.Parameters.SelectMany(p => p.Value.Span.ToArray())];

    private sealed class Recorder(Network<float> network, List<double> devCosts, List<float[]> weights) : TrainingCallback
    {
        public override void OnEpochEnd(TrainingContext context, EpochResult result)
        {
            devCosts.Add(result.DevCost!.Value);
            weights.Add(Flatten(network));
        }
    }

    private sealed class LearningRates(List<double> rates) : TrainingCallback
    {
        public override void OnEpochEnd(TrainingContext context, EpochResult result) => rates.Add(result.LearningRate);
    }
}

/// <summary>Checkpointing must not make the epochs that write no checkpoint allocate.</summary>
[Collection(SerialCollection.Name)]
public sealed class CheckpointAllocationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-ckpt-alloc").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Epochs_without_a_checkpoint_allocate_nothing()
    {
        var data = PlanarFlower.Generate<float>(1);
        TrainingAllocations.AssertNonePerEpoch(
            () => new NetworkBuilder(2).Dense(6, Activation.ReLU).Dropout(0.8).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(2)),
            data, new TrainingOptions { Optimizer = new Adam(0.01), BatchSize = 64, Callbacks = [new Checkpointing(_folder, every: 1_000_000)] },
            few: 2, extra: 200);
    }
}
