using Backprop.Activations;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>
/// W1 "cat-deep" of ../shared/bench/WORKLOADS.md: the course's 12288-20-7-5-1 model, full batch of 209,
/// float32, plain gradient descent at 0.0075 for 2500 iterations, course initial weights (seed 1).
/// Only the training loop is timed.
/// </summary>
internal static class W1CatDeep
{
    public static Dictionary<string, object?> Run(int iterations, string courseData)
    {
        var (train, dataKind) = Load(courseData);
        var network = new NetworkBuilder(12288)
            .Dense(20, Activation.ReLU, Initializer.Xavier)
            .Dense(7, Activation.ReLU, Initializer.Xavier)
            .Dense(5, Activation.ReLU, Initializer.Xavier)
            .Dense(1, Activation.Sigmoid, Initializer.Xavier)
            .Build<float>(new NumPyRandom(1));
        var options = new TrainingOptions { Optimizer = new GradientDescent(0.0075), Epochs = iterations, CostEvery = 100 };

        double rssBefore = ProcessMemory.ResetPeak();
        var history = Trainer.Train(network, train, options);
        double seconds = history.Elapsed.TotalSeconds;

        double accuracy = Accuracy.Binary(network.Forward(train.X), train.Y);
        return new Dictionary<string, object?>
        {
            ["workload"] = "W1",
            ["data"] = dataKind,
            ["init"] = "course-seed1",
            ["iterations"] = iterations,
            ["total_seconds"] = Math.Round(seconds, 4),
            ["iteration_ms"] = Math.Round(seconds * 1000 / iterations, 4),
            ["final_cost"] = history.FinalCost,
            [dataKind == "real" ? "train_accuracy" : "train_accuracy_random_labels"] = accuracy,
            ["peak_rss_mb"] = Math.Round(ProcessMemory.Peak(), 1),
            ["rss_before_train_mb"] = Math.Round(rssBefore, 1),
        };
    }

    /// <summary>The cat training set, or uniform random features with random labels of the same shape when it is absent.</summary>
    private static (Dataset<float> Data, string Kind) Load(string courseData)
    {
        if (File.Exists(Path.Combine(courseData, CourseDatasets.CatsTrainFile)))
            return (CourseDatasets.LoadCatsTrain<float>(courseData), "real");
        var random = new FastRandom(1);
        var x = new Matrix<float>(12288, 209);
        var y = new Matrix<float>(1, 209);
        for (int i = 0; i < x.Length; i++) x.Span[i] = (float)random.NextDouble();
        for (int j = 0; j < y.Length; j++) y.Span[j] = random.NextDouble() < 0.5 ? 0 : 1;
        return (new Dataset<float>(x, y), "random");
    }
}
