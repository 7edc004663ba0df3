using System.Text.Json;
using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Tests.Diagnostics;

public class GradientCheckTests
{
    [Theory]
    [InlineData(2.0, 2.919335883291695e-10)] // course V17–V20: x = 2, θ = 4
    [InlineData(3.0, 7.814075313343006e-11)] // course V21: x = 3, θ = 4
    public void One_dimensional_case_reproduces_the_course_digit_for_digit(double x, double expected)
    {
        var theta = new Parameter<double>("theta", 1, 1);
        theta.Value[0, 0] = 4;
        var report = GradientCheck.Compare([theta], () => theta.Value[0, 0] * x, [x]);
        Assert.Equal(expected, report.RelativeDifference);
        Assert.Equal(GradientCheckVerdict.Correct, report.Verdict);
        Assert.Equal(4.0, theta.Value[0, 0]); // restored exactly
    }

    [Fact]
    public void Course_N_dimensional_case_passes_and_planted_bugs_give_the_course_value()
    {
        var (network, x, y) = LoadCourseCase();

        var correct = GradientCheck.Run(network, x, y);
        Assert.True(correct.RelativeDifference < 2e-7, correct.ToString());
        Assert.True(correct.Reproducible);

        // The course's buggy backward pass: dW2 doubled, db1 multiplied by 4.
        double[] buggy = GradientCheck.AnalyticGradient(network, x, y);
        int db1 = 5 * 4, dW2 = db1 + 5;
        for (int i = 0; i < 5; i++) buggy[db1 + i] *= 4;
        for (int i = 0; i < 15; i++) buggy[dW2 + i] *= 2;
        var report = GradientCheck.Compare(network.Parameters, () => { network.Forward(x, true); return network.Cost(y); }, buggy);

        Assert.InRange(report.RelativeDifference, 0.28505, 0.28513); // course: 0.2850931567…
        Assert.Equal(GradientCheckVerdict.Wrong, report.Verdict);
        Assert.StartsWith("layers.", report.Worst[0].Parameter);
        Assert.True(report.Worst[0].Parameter is "layers.1.W" or "layers.0.b", report.ToString());
    }

    public static TheoryData<string> Activations() => ["ReLU", "Tanh", "Sigmoid", "LeakyReLU", "Linear"];

    [Theory]
    [MemberData(nameof(Activations))]
    public void Every_activation_passes_with_binary_cross_entropy(string hidden)
    {
        var activation = hidden switch
        {
            "ReLU" => Activation.ReLU,
            "Tanh" => Activation.Tanh,
            "Sigmoid" => Activation.Sigmoid,
            "LeakyReLU" => Activation.LeakyReLU(0.05),
            _ => Activation.Linear,
        };
        var random = new FastRandom(42);
        var network = new NetworkBuilder(4)
            .Dense(5, activation, Initializer.Xavier)
            .Dense(3, activation, Initializer.Xavier)
            .Dense(1, Activation.Sigmoid, Initializer.Xavier)
            .Build<double>(random);
        var (x, y) = RandomBatch(random, 4, 1, 7, binary: true);
        var report = GradientCheck.Run(network, x, y);
        Assert.True(report.RelativeDifference < 1e-7, report.ToString());
        Assert.Equal(GradientCheckVerdict.Correct, report.Verdict);
    }

    [Fact]
    public void Mean_squared_error_with_several_outputs_passes()
    {
        var random = new FastRandom(7);
        var network = new NetworkBuilder(3)
            .Dense(6, Activation.Tanh, Initializer.Glorot)
            .Dense(2, Activation.Linear, Initializer.Glorot)
            .WithLoss(Loss.MeanSquaredError)
            .Build<double>(random);
        var (x, y) = RandomBatch(random, 3, 2, 9, binary: false);
        var report = GradientCheck.Run(network, x, y);
        Assert.True(report.RelativeDifference < 1e-7, report.ToString());
    }

    [Fact]
    public void Logistic_regression_without_hidden_layer_passes()
    {
        var random = new FastRandom(3);
        var network = new NetworkBuilder(5).Dense(1, Activation.Sigmoid, Initializer.RandomNormal(0.5)).Build<double>(random);
        var (x, y) = RandomBatch(random, 5, 1, 11, binary: true);
        Assert.True(GradientCheck.Run(network, x, y).RelativeDifference < 1e-7);
    }

    [Fact]
    public void Options_out_of_range_are_rejected_by_name()
    {
        var theta = new Parameter<double>("theta", 1, 1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            GradientCheck.Compare([theta], () => 0, [0.0], new GradientCheckOptions { Epsilon = 0 }));
        Assert.Equal("Epsilon", ex.ParamName);
        Assert.Throws<ArgumentException>(() => GradientCheck.Compare([theta], () => 0, [0.0, 1.0]));
    }

    internal static (Matrix<double> X, Matrix<double> Y) RandomBatch(IRandomSource random, int features, int outputs, int m, bool binary)
    {
        var x = new Matrix<double>(features, m);
        random.FillGaussian(x.Span);
        var y = new Matrix<double>(outputs, m);
        var ys = y.Span;
        for (int i = 0; i < ys.Length; i++)
            ys[i] = binary ? (random.NextDouble() < 0.5 ? 0 : 1) : random.NextGaussian();
        return (x, y);
    }

    private static (Network<double>, Matrix<double>, Matrix<double>) LoadCourseCase()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(CourseData.Require("gradcheck_case.json")));
        var root = json.RootElement;
        var network = new NetworkBuilder(4)
            .Dense(5, Activation.ReLU)
            .Dense(3, Activation.ReLU)
            .Dense(1, Activation.Sigmoid)
            .Build<double>(new FastRandom(0));
        string[] names = ["W1", "b1", "W2", "b2", "W3", "b3"];
        for (int i = 0; i < names.Length; i++)
            Read(root.GetProperty(names[i])).Span.CopyTo(network.Parameters[i].Value.Span);
        var y = new Matrix<double>(1, 3);
        int j = 0;
        foreach (var v in root.GetProperty("Y").EnumerateArray())
            y[0, j++] = v.GetDouble();
        return (network, Read(root.GetProperty("X")), y);
    }

    private static Matrix<double> Read(JsonElement rows)
        => Matrix<double>.FromRows(rows.EnumerateArray().Select(r => (IReadOnlyList<double>)r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray());
}

public class GradientCheckNaNTests
{
    [Fact]
    public void A_nan_cost_or_gradient_is_a_wrong_verdict()
    {
        var theta = new Parameter<double>("theta", 1, 1);
        Assert.Equal(GradientCheckVerdict.Wrong, GradientCheck.Compare([theta], () => double.NaN, [1.0]).Verdict);
        Assert.Equal(GradientCheckVerdict.Wrong, GradientCheck.Compare([theta], () => theta.Value[0, 0], [double.NaN]).Verdict);
    }
}
