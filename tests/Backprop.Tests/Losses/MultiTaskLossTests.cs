using Backprop.Activations;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests.Losses;

public class MultiTaskLossTests
{
    private static readonly Loss MultiTask = Loss.MultiTaskBinaryCrossEntropy;

    [Fact]
    public void Cost_sums_present_labels_only_and_divides_by_m()
    {
        // Two tasks, two examples; Y[0, 1] and Y[1, 0] are missing.
        var z = Matrix<double>.FromArray(new double[,] { { 0, 5 }, { -7, 2 } });
        var a = Sigmoid(z);
        var y = Matrix<double>.FromArray(new double[,] { { 1, double.NaN }, { double.NaN, 0 } });
        // Present: (z = 0, y = 1) → log 2; (z = 2, y = 0) → −log(1 − σ(2)) = log(1 + e²).
        double expected = (Math.Log(2) + Math.Log(1 + Math.Exp(2))) / 2;
        Assert.Equal(expected, MultiTask.Cost(z, a, y), 1e-14);

        var dZ = new Matrix<double>(2, 2);
        MultiTask.OutputGradient(Activation.Sigmoid, z, a, y, dZ);
        Assert.Equal(0.5 - 1, dZ[0, 0], 1e-15);
        Assert.Equal(0.0, dZ[0, 1]);
        Assert.Equal(0.0, dZ[1, 0]);
        Assert.Equal(a[1, 1], dZ[1, 1], 1e-15);
    }

    [Fact]
    public void With_every_label_present_it_equals_binary_cross_entropy()
    {
        var z = Matrix<double>.FromArray(new double[,] { { 0.3, -1.2, 2.5 } });
        var y = Matrix<double>.FromArray(new double[,] { { 1, 0, 1 } });
        Assert.Equal(Loss.BinaryCrossEntropy.Cost(z, Sigmoid(z), y), MultiTask.Cost(z, Sigmoid(z), y));
    }

    [Fact]
    public void Gradient_check_passes_with_three_sigmoid_outputs_and_missing_labels()
    {
        var random = new FastRandom(11);
        var network = new NetworkBuilder(4)
            .Dense(5, Activation.Tanh, Initializer.Xavier)
            .Dense(3, Activation.Sigmoid, Initializer.Xavier)
            .WithLoss(MultiTask)
            .Build<double>(random);
        var (x, y) = Backprop.Tests.Diagnostics.GradientCheckTests.RandomBatch(random, 4, 3, 8, binary: true);
        int[] missing = [0, 5, 9, 14, 20, 23];
        foreach (int i in missing)
            y.Span[i] = double.NaN;
        // Task 2 has no label at all in this batch: fine for the loss.
        for (int j = 0; j < 8; j++)
            y[2, j] = double.NaN;

        var report = GradientCheck.Run(network, x, y);
        Assert.True(report.RelativeDifference < 1e-7, report.ToString());
        Assert.True(double.IsFinite(network.ComputeGradients(x, y)));
        // An unlabelled task moves nothing: its output unit's weights and bias get zero gradient.
        var output = network.Parameters.Where(p => p.Name.StartsWith("layers.1.", StringComparison.Ordinal)).ToArray();
        Assert.All(output, p => Assert.Equal(0.0, p.Gradient.Row(2).ToArray().Select(Math.Abs).Sum()));
    }

    [Fact]
    public void Labels_0_1_NaN_are_valid_others_and_wrong_row_counts_are_errors()
    {
        MultiTask.ValidateLabels(Matrix<double>.FromArray(new double[,] { { 0, 1, double.NaN } }));
        var bad = Assert.Throws<ArgumentException>(() => MultiTask.ValidateLabels(Matrix<float>.FromArray(new double[,] { { 0, 0.5 } })));
        Assert.Contains("Y[0, 1]", bad.Message);

        var network = new NetworkBuilder(2).Dense(3, Activation.Sigmoid, Initializer.Xavier).WithLoss(MultiTask).Build<double>(new FastRandom(1));
        var x = new Matrix<double>(2, 4);
        Assert.Throws<ShapeMismatchException>(() => network.ComputeGradients(x, new Matrix<double>(2, 4)));
        var z = new Matrix<double>(3, 4);
        Assert.Throws<ShapeMismatchException>(() => MultiTask.Cost(z, z, new Matrix<double>(2, 4)));
        Assert.Throws<ArgumentException>(() => new NetworkBuilder(2).Dense(3, Activation.Softmax, Initializer.Xavier).WithLoss(MultiTask).Build<double>(new FastRandom(1)));
    }

    [Fact]
    public void Trainer_data_checks_accept_missing_labels()
    {
        var network = new NetworkBuilder(2).Dense(2, Activation.Sigmoid, Initializer.Xavier).WithLoss(MultiTask).Build<double>(new FastRandom(1));
        var data = new Dataset<double>(new Matrix<double>(2, 2), Matrix<double>.FromArray(new double[,] { { 1, double.NaN }, { double.NaN, 0 } }));
        Assert.Null(Record.Exception(() => DataChecks.ValidateFor(network, data)));
        // The same check still rejects a label that is neither 0, 1 nor missing, naming it.
        var bad = new Dataset<double>(new Matrix<double>(2, 2), Matrix<double>.FromArray(new double[,] { { 1, double.NaN }, { double.NaN, 0.5 } }));
        Assert.Contains("Y[1, 1]", Assert.Throws<ArgumentException>(() => DataChecks.ValidateFor(network, bad)).Message);
    }

    [Fact]
    public void Per_task_metrics_ignore_missing_labels()
    {
        var p = Matrix<double>.FromArray(new double[,] { { 0.9, 0.2, 0.7, 0.4 }, { 0.6, 0.6, 0.1, 0.3 } });
        var y = Matrix<double>.FromArray(new double[,] { { 1, 0, 0, double.NaN }, { 1, double.NaN, 0, 1 } });
        var tasks = MultiTaskMetrics.Evaluate(p, y, ["pedestrian", "car"]);
        // pedestrian: TP (0), TN (1), FP (2) → accuracy 2/3, P 1/2, R 1, F1 2/3.
        Assert.Equal(new TaskMetrics(0, "pedestrian", 3, 1, 2.0 / 3, 0.5, 1, 2.0 / 3), tasks[0]);
        // car: TP (0), TN (2), FN (3) → accuracy 2/3, P 1, R 1/2, F1 2/3.
        Assert.Equal(new TaskMetrics(1, "car", 3, 1, 2.0 / 3, 1, 0.5, 2.0 / 3), tasks[1]);

        y[1, 0] = y[1, 2] = y[1, 3] = double.NaN;
        var ex = Assert.Throws<ArgumentException>(() => MultiTaskMetrics.Evaluate(p, y, ["pedestrian", "car"]));
        Assert.Contains("'car'", ex.Message);
        Assert.Throws<ShapeMismatchException>(() => MultiTaskMetrics.Evaluate(p, new Matrix<double>(3, 4)));
    }

    private static Matrix<double> Sigmoid(Matrix<double> z)
    {
        var a = z.Clone();
        var s = a.Span;
        for (int i = 0; i < s.Length; i++)
            s[i] = 1 / (1 + Math.Exp(-s[i]));
        return a;
    }
}

public class MultiTaskModelFileTests
{
    [Fact]
    public void A_multi_task_network_saves_and_loads_with_its_loss()
    {
        var network = new Backprop.Layers.NetworkBuilder(3).Dense(4, Backprop.Activations.Activation.ReLU)
            .Dense(2, Backprop.Activations.Activation.Sigmoid).WithLoss(Backprop.Losses.Loss.MultiTaskBinaryCrossEntropy)
            .Build<float>(new Backprop.Randomness.FastRandom(1));
        string path = Path.Combine(Path.GetTempPath(), $"multitask-{Guid.NewGuid():N}.bpmodel");
        try
        {
            Backprop.Serialization.ModelFile.Save(network, path);
            var loaded = Backprop.Serialization.ModelFile.Load<float>(path);
            Assert.Same(Backprop.Losses.Loss.MultiTaskBinaryCrossEntropy, loaded.Network.Loss);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
