using Backprop.Activations;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Schedules;
using Backprop.Training;

namespace Backprop.Samples.Course2;

/// <summary>
/// The optimization notebook (C2 W2) on the moons data: 2-5-2-1 (ReLU, ReLU, sigmoid), He weights after
/// <c>np.random.seed(3)</c>, mini-batches of 64 reshuffled each epoch with the seed counter 10 + 1 + epoch.
/// </summary>
public static class Course2Optimization
{
    /// <summary>The notebook versions: 2017–2020 (10000 epochs, last mini-batch's cost printed) and 2021+ (5000 epochs, Σ losses / m).</summary>
    public enum Version
    {
        /// <summary>2017–2020: 10000 epochs; the printed cost is the last mini-batch's.</summary>
        V17,

        /// <summary>2021+: 5000 epochs; the printed cost is the sum of per-example losses over the epoch / m.</summary>
        V21,
    }

    /// <summary>The optimizer comparison, one experiment per optimizer and notebook version.</summary>
    public static IEnumerable<Experiment> Comparisons()
    {
        foreach (var version in new[] { Version.V17, Version.V21 })
        {
            string v = version == Version.V17 ? "v17" : "v21";
            yield return new($"c2w2-moons-gd-{v}", $"C2 W2: moons, mini-batch gradient descent, lr 0.0007 ({v})", f => Moons(f, $"c2w2-moons-gd-{v}", new GradientDescent(0.0007), version, null));
            yield return new($"c2w2-moons-momentum-{v}", $"C2 W2: moons, momentum β = 0.9, lr 0.0007 ({v})", f => Moons(f, $"c2w2-moons-momentum-{v}", new Momentum(0.0007, 0.9), version, null));
            yield return new($"c2w2-moons-adam-{v}", $"C2 W2: moons, Adam, lr 0.0007 ({v})", f => Moons(f, $"c2w2-moons-adam-{v}", new Adam(0.0007), version, null));
        }
    }

    /// <summary>The 2021+ learning-rate decay runs (5000 epochs, decay rate 1, applied after each epoch).</summary>
    public static IEnumerable<Experiment> Decay()
    {
        yield return new("c2w2-decay-gd-every-epoch", "C2 W2: GD, lr0 0.1, lr = lr0/(1 + epoch) after every epoch",
            f => Moons(f, "c2w2-decay-gd-every-epoch", new GradientDescent(0.1), Version.V21, new InverseTimeDecay(1)));
        yield return new("c2w2-decay-gd-interval", "C2 W2: GD, lr0 0.1, lr = lr0/(1 + ⌊epoch/1000⌋)",
            f => Moons(f, "c2w2-decay-gd-interval", new GradientDescent(0.1), Version.V21, new FixedIntervalDecay(1, 1000)));
        yield return new("c2w2-decay-momentum-interval", "C2 W2: momentum β = 0.9, lr0 0.1, interval decay",
            f => Moons(f, "c2w2-decay-momentum-interval", new Momentum(0.1, 0.9), Version.V21, new FixedIntervalDecay(1, 1000)));
        yield return new("c2w2-decay-adam-interval", "C2 W2: Adam, lr0 0.01, interval decay",
            f => Moons(f, "c2w2-decay-adam-interval", new Adam(0.01), Version.V21, new FixedIntervalDecay(1, 1000)));
    }

    private static ExperimentResult Moons(string folder, string name, Optimizer optimizer, Version version, LearningRateSchedule? decay)
    {
        var train = CsvFile.ReadDataset<double>(Path.Combine(folder, "moons_train.csv"), "y");
        var network = new NetworkBuilder(2)
            .Dense(5, Activation.ReLU, Initializer.He)
            .Dense(2, Activation.ReLU, Initializer.He)
            .Dense(1, Activation.Sigmoid, Initializer.He)
            .Build<double>(new NumPyRandom(3));
        var lastBatch = new LastBatchCosts(1000);
        var history = Trainer.Train(network, train, new TrainingOptions
        {
            Optimizer = optimizer,
            Epochs = version == Version.V17 ? 10000 : 5000,
            BatchSize = 64,
            Shuffle = ShufflePolicy.CourseReseeded(11),
            // The notebook updates the rate after each epoch from the index of the epoch just finished.
            Schedule = decay is null ? null : new AfterEpochUpdate(decay),
            CostEvery = 1000,
            Callbacks = [lastBatch],
        });
        var costs = version == Version.V17 ? lastBatch.Costs : history.Costs.Where(c => c.Epoch % 1000 == 0).ToDictionary(c => c.Epoch, c => c.Cost);
        double accuracy = Accuracy.Binary(network.Forward(train.X), train.Y);
        return new ExperimentResult(name, costs, accuracy, null)
        {
            // "Learning rate after epoch i", as the notebook prints it.
            LearningRates = decay is null ? null : costs.Keys.ToDictionary(e => e, e => decay.RateAt(e, optimizer.LearningRate)),
        };
    }

    /// <summary>Records the last mini-batch's cost every <paramref name="every"/> epochs (what the 2017–2020 notebooks print).</summary>
    private sealed class LastBatchCosts(int every) : TrainingCallback
    {
        public Dictionary<int, double> Costs { get; } = [];

        public override void OnEpochEnd(TrainingContext context, EpochResult result)
        {
            if (result.Epoch % every == 0)
                Costs[result.Epoch] = result.LastBatchCost;
        }
    }
}
