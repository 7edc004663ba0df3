using Backprop.Activations;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Samples.Course1;

/// <summary>
/// Course 1 of the Deep Learning Specialization, reproduced in double precision with the
/// NumPy-compatible generator: every model, seed and hyperparameter is the assignment's.
/// </summary>
public static class Course1Experiments
{
    /// <summary>Hidden-layer sizes of the course's planar sweep.</summary>
    public static readonly int[] PlanarSweepSizes = [1, 2, 3, 4, 5, 20, 50];

    /// <summary>Every experiment, in course order.</summary>
    public static IReadOnlyList<Experiment> All { get; } =
    [
        new("c1w2-logreg-cats", "C1 W2: logistic regression on cat vs non-cat, zeros init, lr 0.005, 2000 iterations", LogisticRegressionCats),
        new("c1w3-planar-logreg", "C1 W3: plain logistic regression on the planar flower set (the course used sklearn's LogisticRegressionCV)", PlanarLogisticRegression),
        new("c1w3-planar-tanh", "C1 W3: 2-4-1 tanh network on the flower set, lr 1.2, 10000 iterations", folder => Planar(folder, "c1w3-planar-tanh", 4, 10000)),
        .. PlanarSweepSizes.Select(h => new Experiment($"c1w3-planar-sweep-h{h}", $"C1 W3: hidden-layer size sweep, n_h = {h}, 5000 iterations",
            folder => Planar(folder, $"c1w3-planar-sweep-h{h}", h, 5000))),
        new("c1w4-two-layer-cats", "C1 W4: 12288-7-1 ReLU/sigmoid on cats, randn·0.01 init, lr 0.0075, 2500 iterations", TwoLayerCats),
        new("c1w4-L-layer-cats", "C1 W4: 12288-20-7-5-1 ReLU/sigmoid on cats, randn/√n init, lr 0.0075, 2500 iterations", LLayerCats),
    ];

    private static ExperimentResult LogisticRegressionCats(string folder)
    {
        var (train, test) = LoadCats(folder);
        var network = new NetworkBuilder(train.Features)
            .Dense(1, Activation.Sigmoid, Initializer.Zeros)
            .Build<double>(new NumPyRandom(1));
        return Fit("c1w2-logreg-cats", network, train, test, learningRate: 0.005, iterations: 2000, costEvery: 100);
    }

    private static ExperimentResult PlanarLogisticRegression(string folder)
    {
        var data = LoadPlanar(folder);
        var network = new NetworkBuilder(2)
            .Dense(1, Activation.Sigmoid, Initializer.Zeros)
            .Build<double>(new NumPyRandom(1));
        return Fit("c1w3-planar-logreg", network, data, null, learningRate: 1.2, iterations: 10000, costEvery: 1000);
    }

    /// <summary>
    /// The course's <c>nn_model</c>: W1 = randn(n_h, 2)·0.01 then W2 = randn(1, n_h)·0.01 after
    /// <c>np.random.seed(2)</c> (inside <c>initialize_parameters</c> in the 2017–2020 notebooks), lr 1.2.
    /// </summary>
    private static ExperimentResult Planar(string folder, string name, int hiddenUnits, int iterations)
    {
        var data = LoadPlanar(folder);
        var network = new NetworkBuilder(2)
            .Dense(hiddenUnits, Activation.Tanh, Initializer.RandomNormal(0.01))
            .Dense(1, Activation.Sigmoid, Initializer.RandomNormal(0.01))
            .Build<double>(new NumPyRandom(2));
        return Fit(name, network, data, null, learningRate: 1.2, iterations, costEvery: 1000);
    }

    private static ExperimentResult TwoLayerCats(string folder)
    {
        var (train, test) = LoadCats(folder);
        var network = new NetworkBuilder(train.Features)
            .Dense(7, Activation.ReLU, Initializer.RandomNormal(0.01))
            .Dense(1, Activation.Sigmoid, Initializer.RandomNormal(0.01))
            .Build<double>(new NumPyRandom(1));
        return Fit("c1w4-two-layer-cats", network, train, test, learningRate: 0.0075, iterations: 2500, costEvery: 100);
    }

    private static ExperimentResult LLayerCats(string folder)
    {
        var (train, test) = LoadCats(folder);
        var network = new NetworkBuilder(train.Features)
            .Dense(20, Activation.ReLU, Initializer.Xavier)
            .Dense(7, Activation.ReLU, Initializer.Xavier)
            .Dense(5, Activation.ReLU, Initializer.Xavier)
            .Dense(1, Activation.Sigmoid, Initializer.Xavier)
            .Build<double>(new NumPyRandom(1));
        return Fit("c1w4-L-layer-cats", network, train, test, learningRate: 0.0075, iterations: 2500, costEvery: 100);
    }

    private static ExperimentResult Fit(string name, Network<double> network, Dataset<double> train, Dataset<double>? test,
        double learningRate, int iterations, int costEvery)
        => CourseRuns.Fit(name, network, train, test, new TrainingOptions
        {
            Optimizer = new GradientDescent(learningRate),
            Epochs = iterations,
            CostEvery = costEvery,
        });

    private static (Dataset<double> Train, Dataset<double> Test) LoadCats(string folder)
        => (CourseDatasets.LoadCatsTrain<double>(folder), CourseDatasets.LoadCatsTest<double>(folder));

    /// <summary>The course's flower set: its CSV copy when present, else generated with the same recipe and seed.</summary>
    private static Dataset<double> LoadPlanar(string folder)
    {
        string csv = Path.Combine(folder, "planar_flower.csv");
        return File.Exists(csv) ? CsvFile.ReadDataset<double>(csv, "y") : PlanarFlower.Generate<double>(seed: 1);
    }
}
