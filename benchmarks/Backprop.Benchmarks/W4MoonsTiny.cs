using Backprop.Activations;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>
/// W4 "moons-tiny" of ../shared/bench/WORKLOADS.md: the course's 2-5-2-1 model on the 300 moons points,
/// He init from np.random.seed(3), Adam 0.0007, batches of 64 reshuffled each epoch with the course's
/// reseeded permutation, float32. The workload measures per-step overhead; only the training loop is timed.
/// </summary>
internal static class W4MoonsTiny
{
    public static Dictionary<string, object?> Run(int epochs, string courseData)
    {
        var train = Load(courseData);
        var network = new NetworkBuilder(2)
            .Dense(5, Activation.ReLU, Initializer.He)
            .Dense(2, Activation.ReLU, Initializer.He)
            .Dense(1, Activation.Sigmoid, Initializer.He)
            .Build<float>(new NumPyRandom(3));
        var options = new TrainingOptions
        {
            Optimizer = new Adam(0.0007, 0.9, 0.999, 1e-8),
            Epochs = epochs,
            BatchSize = 64,
            Shuffle = ShufflePolicy.CourseReseeded(11),
            // The trainer's epoch cost is Σ batch-mean × batch size / m, i.e. Σ per-example loss / 300;
            // recording it only at the end keeps the cost list out of the measured loop.
            CostEvery = Math.Max(1, epochs),
        };

        double rssBefore = ProcessMemory.ResetPeak();
        var history = Trainer.Train(network, train, options);
        double seconds = history.Elapsed.TotalSeconds;
        int steps = epochs * ((train.Count + 63) / 64);

        double accuracy = Accuracy.Binary(network.Forward(train.X), train.Y);
        return new Dictionary<string, object?>
        {
            ["workload"] = "W4",
            ["epochs"] = epochs,
            ["steps"] = steps,
            ["total_seconds"] = Math.Round(seconds, 4),
            ["epoch_ms"] = Math.Round(seconds * 1000 / epochs, 5),
            ["step_us"] = Math.Round(seconds * 1e6 / steps, 3),
            ["final_cost"] = history.FinalCost,
            ["train_accuracy"] = accuracy,
            ["peak_rss_mb"] = Math.Round(ProcessMemory.Peak(), 1),
            ["rss_before_train_mb"] = Math.Round(rssBefore, 1),
        };
    }

    /// <summary>The bench copy (x0, x1, y) when present, else the course copy (x1, x2, y); both are the same 300 points.</summary>
    private static Dataset<float> Load(string courseData)
    {
        string bench = Path.GetFullPath(Path.Combine(courseData, "..", "..", "bench", "data", "moons_train.csv"));
        string path = File.Exists(bench) ? bench : Path.Combine(courseData, "moons_train.csv");
        return CsvFile.ReadDataset<float>(path, "y");
    }
}
