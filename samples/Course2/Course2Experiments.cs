using System.Text.Json;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Diagnostics;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Regularization;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Samples.Course2;

/// <summary>
/// Course 2 of the Deep Learning Specialization, reproduced in double precision with the
/// NumPy-compatible generator and every quirk of the notebooks that the published numbers depend on
/// (see ../shared/data/course/REFERENCE.md).
/// </summary>
public static class Course2Experiments
{
    /// <summary>Every experiment, in course order.</summary>
    public static IReadOnlyList<Experiment> All { get; } =
    [
        new("c2w1-init-zeros", "C2 W1: circles, 2-10-5-1, zero initialization, lr 0.01, 15000 iterations", f => Initialization(f, "c2w1-init-zeros", Initializer.Zeros)),
        new("c2w1-init-large", "C2 W1: circles, 2-10-5-1, randn·10 initialization", f => Initialization(f, "c2w1-init-large", Initializer.RandomNormal(10))),
        new("c2w1-init-he", "C2 W1: circles, 2-10-5-1, He initialization", f => Initialization(f, "c2w1-init-he", Initializer.He)),
        new("c2w1-reg-none", "C2 W1: football data, 2-20-3-1, lr 0.3, 30000 iterations, no regularization", f => Regularized(f, "c2w1-reg-none", null, null)),
        new("c2w1-reg-l2", "C2 W1: football data, L2 with λ = 0.7", f => Regularized(f, "c2w1-reg-l2", Regularizer.L2(0.7), null)),
        new("c2w1-reg-dropout", "C2 W1: football data, dropout with keep_prob = 0.86 on both hidden layers", f => Regularized(f, "c2w1-reg-dropout", null, 0.86)),
        new("c2w1-gradcheck", "C2 W1: N-dimensional gradient check, correct and with the course's planted bugs", GradientChecking),
        .. Course2Optimization.Comparisons(),
        .. Course2Optimization.Decay(),
    ];

    /// <summary>
    /// The initialization notebook: <c>np.random.seed(3)</c> at the start of the initializer, weights
    /// drawn layer by layer, full-batch gradient descent. The large-weights run saturates the sigmoid;
    /// the course's cost is then ∞ or NaN at times, while Backprop's cross-entropy from logits stays
    /// finite, so only its accuracies are comparable.
    /// </summary>
    private static ExperimentResult Initialization(string folder, string name, Initializer initializer)
    {
        var train = CsvFile.ReadDataset<double>(Path.Combine(folder, "circles_train.csv"), "y");
        var test = CsvFile.ReadDataset<double>(Path.Combine(folder, "circles_test.csv"), "y");
        var network = new NetworkBuilder(2)
            .Dense(10, Activation.ReLU, initializer)
            .Dense(5, Activation.ReLU, initializer)
            .Dense(1, Activation.Sigmoid, initializer)
            .Build<double>(new NumPyRandom(3));
        var result = CourseRuns.Fit(name, network, train, test, new TrainingOptions
        {
            Optimizer = new GradientDescent(0.01),
            Epochs = 15000,
            CostEvery = 1000,
            StopOnDivergence = initializer.BreaksSymmetry && name != "c2w1-init-large",
        });
        return name == "c2w1-init-large"
            ? result with { Note = "divergence guard off; cross-entropy is computed from logits, so costs stay finite where the course prints inf" }
            : result;
    }

    /// <summary>
    /// The regularization notebook: 2-20-3-1 with W = randn / √n_prev after <c>np.random.seed(3)</c>;
    /// dropout masks are re-drawn from <c>np.random.seed(1)</c> at every iteration, as the notebook does.
    /// </summary>
    private static ExperimentResult Regularized(string folder, string name, Regularizer? regularizer, double? keepProb)
    {
        var train = CsvFile.ReadDataset<double>(Path.Combine(folder, "football_train.csv"), "y");
        var test = CsvFile.ReadDataset<double>(Path.Combine(folder, "football_test.csv"), "y");
        var builder = new NetworkBuilder(2).Dense(20, Activation.ReLU, Initializer.Xavier);
        if (keepProb is double k1) builder.Dropout(k1);
        builder.Dense(3, Activation.ReLU, Initializer.Xavier);
        if (keepProb is double k2) builder.Dropout(k2);
        builder.Dense(1, Activation.Sigmoid, Initializer.Xavier);
        if (regularizer is not null) builder.WithRegularization(regularizer);
        var masks = new NumPyRandom(1);
        var network = builder.Build<double>(new NumPyRandom(3), dropoutRandom: masks);
        return CourseRuns.Fit(name, network, train, test, new TrainingOptions
        {
            Optimizer = new GradientDescent(0.3),
            Epochs = 30000,
            CostEvery = 10000,
            Callbacks = keepProb is null ? [] : [new ReseedEachIteration(masks, 1)],
        });
    }

    /// <summary>
    /// The gradient-checking notebook's 4-5-3-1 network on its fixed inputs (<c>gradcheck_case.json</c>):
    /// the relative difference for correct backpropagation, and with the course's planted bugs
    /// (dW2 doubled, db1 multiplied by 4).
    /// </summary>
    private static ExperimentResult GradientChecking(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "gradcheck_case.json")));
        var root = json.RootElement;
        var network = new NetworkBuilder(4)
            .Dense(5, Activation.ReLU)
            .Dense(3, Activation.ReLU)
            .Dense(1, Activation.Sigmoid)
            .Build<double>(new FastRandom(0));
        string[] names = ["W1", "b1", "W2", "b2", "W3", "b3"];
        for (int i = 0; i < names.Length; i++)
            ReadMatrix(root.GetProperty(names[i])).Span.CopyTo(network.Parameters[i].Value.Span);
        var x = ReadMatrix(root.GetProperty("X"));
        var y = ReadMatrix(root.GetProperty("Y"), singleRow: true);

        double correct = GradientCheck.Run(network, x, y).RelativeDifference;
        double[] buggy = GradientCheck.AnalyticGradient(network, x, y);
        Scale(buggy, network, "layers.1.W", 2);
        Scale(buggy, network, "layers.0.b", 4);
        double withBugs = GradientCheck.Compare(network.Parameters, () => { network.Forward(x, training: true); return network.Cost(y); }, buggy).RelativeDifference;
        return new ExperimentResult("c2w1-gradcheck", null, null, null)
        {
            Values = new Dictionary<string, double> { ["relative_difference"] = correct, ["relative_difference_buggy"] = withBugs },
        };
    }

    /// <summary>Multiplies the entries of parameter <paramref name="name"/> within the flattened gradient θ.</summary>
    private static void Scale(double[] theta, Network<double> network, string name, double factor)
    {
        int offset = 0;
        foreach (var p in network.Parameters)
        {
            if (p.Name == name)
            {
                for (int i = 0; i < p.Count; i++) theta[offset + i] *= factor;
                return;
            }
            offset += p.Count;
        }
        throw new KeyNotFoundException($"No parameter named {name}.");
    }

    private static Matrix<double> ReadMatrix(JsonElement element, bool singleRow = false)
    {
        if (singleRow)
            return Matrix<double>.FromRows([element.EnumerateArray().Select(v => v.GetDouble()).ToArray()]);
        return Matrix<double>.FromRows(element.EnumerateArray().Select(r => (IReadOnlyList<double>)r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray());
    }
}
