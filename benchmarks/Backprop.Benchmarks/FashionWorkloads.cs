using System.Diagnostics;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>
/// W2 "fashion-mlp" (784-256-128-10, Adam, batch 128) and W3 "fashion-bn-dropout" (784-512-BN-ReLU-dropout
/// 0.2-256-BN-ReLU-dropout 0.2-10, Adam, batch 256) of ../shared/bench/WORKLOADS.md: float32, 5 epochs,
/// He-normal weights, a fresh permutation each epoch. Only the training loop is timed; the test-set
/// evaluation is timed separately.
/// </summary>
internal static class FashionWorkloads
{
    public static Dictionary<string, object?> Run(string workload, int epochs, ulong seed)
    {
        string folder = FashionMnist.Locate()
            ?? throw new FileNotFoundException("Fashion-MNIST not found: install the Debian package dataset-fashion-mnist or set BACKPROP_FASHION_MNIST.");
        // Example-major: the file's order, which shuffled mini-batches read without a second copy.
        var train = FashionMnist.LoadTrain<float>(folder, layout: DataLayout.ExampleMajor);
        var test = FashionMnist.LoadTest<float>(folder);
        var random = new FastRandom(seed);
        bool w3 = workload == "W3";
        var builder = new NetworkBuilder(784);
        if (w3)
        {
            // PyTorch's BatchNorm1d momentum 0.1 is Momentum 0.9 here (weight of the old value).
            var bn = new BatchNormOptions { Momentum = 0.9, Epsilon = 1e-5, UnbiasedRunningVariance = true };
            builder.Dense(512, Activation.ReLU, Initializer.He, bn).Dropout(0.8)
                   .Dense(256, Activation.ReLU, Initializer.He, bn).Dropout(0.8);
        }
        else
        {
            builder.Dense(256, Activation.ReLU, Initializer.He).Dense(128, Activation.ReLU, Initializer.He);
        }
        var network = builder.Dense(10, Activation.Softmax, Initializer.He).WithLoss(Loss.CategoricalCrossEntropy).Build<float>(random);
        int batchSize = w3 ? 256 : 128;
        var timer = new EpochTimer();
        var options = new TrainingOptions
        {
            Optimizer = new Adam(0.001, 0.9, 0.999, 1e-8),
            Epochs = epochs,
            BatchSize = batchSize,
            Shuffle = ShufflePolicy.Random(new FastRandom(seed + 1)),
            CostEvery = 1,
            Callbacks = [timer],
        };

        double rssBefore = ProcessMemory.ResetPeak();
        var history = Trainer.Train(network, train, options);
        var clock = Stopwatch.StartNew();
        // Chunks of 1000 examples: the same outputs as one pass, without m-wide activation buffers.
        double accuracy = Accuracy.Categorical(network.Predict(test.X, batchSize: 1000), test.Y);
        double evalSeconds = clock.Elapsed.TotalSeconds;

        var later = timer.Seconds.Skip(1).Order().ToArray();
        return new Dictionary<string, object?>
        {
            ["workload"] = workload,
            ["epochs"] = epochs,
            ["batch_size"] = batchSize,
            ["seed"] = seed,
            ["epoch_seconds"] = timer.Seconds.Select(s => Math.Round(s, 4)).ToArray(),
            ["epoch_seconds_median"] = later.Length == 0 ? null : Math.Round(Median(later), 4),
            ["epoch_seconds_min"] = later.Length == 0 ? null : Math.Round(later[0], 4),
            ["total_seconds"] = Math.Round(history.Elapsed.TotalSeconds, 4),
            ["final_cost"] = history.FinalCost,
            ["test_accuracy"] = accuracy,
            ["eval_seconds"] = Math.Round(evalSeconds, 4),
            ["peak_rss_mb"] = Math.Round(ProcessMemory.Peak(), 1),
            ["rss_before_train_mb"] = Math.Round(rssBefore, 1),
            ["notes"] = w3 ? "dense layers before batch norm have no bias (batch norm's beta replaces it)" : null,
        };
    }

    private static double Median(double[] sorted)
        => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    /// <summary>Wall time of each epoch, from the trainer's clock.</summary>
    private sealed class EpochTimer : TrainingCallback
    {
        private TimeSpan _last;

        public List<double> Seconds { get; } = [];

        public override void OnEpochEnd(TrainingContext context, EpochResult result)
        {
            Seconds.Add((result.Elapsed - _last).TotalSeconds);
            _last = result.Elapsed;
        }
    }
}
