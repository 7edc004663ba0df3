using System.Text.Json;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Serialization.Onnx;
using Backprop.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Tests.Serialization.Onnx;

public sealed class OnnxExportTests : IDisposable
{
    private const int Features = 5;
    private const double Tolerance = 1e-5;

    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (string name in new[] { "relu-sigmoid", "tanh-leaky-dropout", "batchnorm-softmax", "regression" })
        {
            data.Add(name, false);
            data.Add(name, true);
        }
        return data;
    }

    private static Network<float> Build(string name, ulong seed) => name switch
    {
        "relu-sigmoid" => new NetworkBuilder(Features)
            .Dense(6, Activation.ReLU)
            .Dense(1, Activation.Sigmoid)
            .Build<float>(new FastRandom(seed)),
        // Dropout on the inputs too, so the normalizer is folded past a dropout layer.
        "tanh-leaky-dropout" => new NetworkBuilder(Features)
            .Dropout(0.9)
            .Dense(8, Activation.Tanh)
            .Dropout(0.7)
            .Dense(5, Activation.LeakyReLU(0.1))
            .Dense(1, Activation.Sigmoid)
            .Build<float>(new FastRandom(seed)),
        "batchnorm-softmax" => new NetworkBuilder(Features)
            .Dense(7, Activation.ReLU, Initializer.He, BatchNormOptions.Default)
            .Dropout(0.8)
            .Dense(6, Activation.LeakyReLU(0.05), Initializer.Xavier, new BatchNormOptions { Momentum = 0.8, Epsilon = 1e-3, UnbiasedRunningVariance = false })
            .Dense(4, Activation.Softmax)
            .WithLoss(Loss.CategoricalCrossEntropy)
            .Build<float>(new FastRandom(seed)),
        "regression" => new NetworkBuilder(Features)
            .Dense(6, Activation.Tanh)
            .Dense(2, Activation.Linear)
            .WithLoss(Loss.MeanSquaredError)
            .Build<float>(new FastRandom(seed)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    // Raw features far from zero mean and unit variance, with feature 0 constant so the normalizer's
    // zero-variance rule (the feature maps to 0) is folded as well.
    private static Matrix<float> RawInputs(int m, ulong seed)
    {
        var random = new FastRandom(seed);
        var x = new Matrix<float>(Features, m);
        for (int i = 0; i < Features; i++)
            for (int j = 0; j < m; j++)
                x[i, j] = i == 0 ? 2.5f : (float)(i - 2 + (0.5 + i) * random.NextGaussian());
        return x;
    }

    private static Matrix<float> Labels(Network<float> network, Matrix<float> x)
    {
        int outputs = network.OutputSize, m = x.Columns;
        var y = new Matrix<float>(outputs, m);
        for (int j = 0; j < m; j++)
        {
            double s = x[1, j] - 0.5 * x[2, j] + 0.3 * x[3, j] * x[4, j];
            if (network.Loss == Loss.MeanSquaredError)
            {
                y[0, j] = (float)s;
                y[1, j] = (float)(x[3, j] - x[4, j]);
            }
            else if (outputs == 1)
                y[0, j] = s > 0 ? 1 : 0;
            else
                y[(int)Math.Clamp(Math.Floor(s + outputs / 2.0), 0, outputs - 1), j] = 1;
        }
        return y;
    }

    // A few Adam steps on mini-batches, so weights, biases, γ, β and the running statistics all move.
    private static (Network<float> Network, Normalizer? Normalizer) Trained(string name, bool normalize, ulong seed = 3)
    {
        var network = Build(name, seed);
        var raw = RawInputs(64, seed + 1);
        var normalizer = normalize ? Normalizer.Fit(raw) : null;
        var x = normalizer?.Transform(raw) ?? raw;
        var y = Labels(network, raw);
        var state = new Adam(0.05).CreateState(network.Parameters);
        for (int step = 0; step < 8; step++)
        {
            int start = (step % 2) * 32;
            var xb = Columns(x, start, 32);
            var yb = Columns(y, start, 32);
            network.ComputeGradients(xb, yb);
            state.Update(0.05);
        }
        return (network, normalizer);
    }

    private static Matrix<float> Columns(Matrix<float> source, int start, int count)
    {
        var result = new Matrix<float>(source.Rows, count);
        for (int r = 0; r < source.Rows; r++)
            source.Row(r).Slice(start, count).CopyTo(result.Row(r));
        return result;
    }

    // Backprop's prediction for raw inputs [n_x, m], transposed to ONNX's [m, n_y] row-major order.
    private static float[] BackpropPrediction(Network<float> network, Normalizer? normalizer, Matrix<float> raw)
    {
        var a = network.Forward(normalizer?.Transform(raw) ?? raw, training: false);
        var result = new float[a.Length];
        for (int r = 0; r < a.Rows; r++)
            for (int j = 0; j < a.Columns; j++)
                result[j * a.Rows + r] = a[r, j];
        return result;
    }

    private static float[] ExampleMajor(Matrix<float> raw)
    {
        var result = new float[raw.Length];
        for (int i = 0; i < raw.Rows; i++)
            for (int j = 0; j < raw.Columns; j++)
                result[j * raw.Rows + i] = raw[i, j];
        return result;
    }

    private static void AssertClose(IReadOnlyList<float> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            // Absolute 1e-5 for probabilities; relative to the magnitude for larger regression outputs.
            double allowed = Tolerance * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= allowed,
                $"{what}: element {i}: Backprop {expected[i]:R}, ONNX {actual[i]:R}, difference {Math.Abs(expected[i] - actual[i]):E2} > {allowed:E2}.");
        }
    }

    private static readonly Lazy<string?> OnnxRuntimeProblem = new(() =>
    {
        try
        {
            // Touching the environment loads the native library.
            _ = OrtEnv.Instance().GetVersionString();
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException or OnnxRuntimeException)
        {
            return $"ONNX Runtime's native library could not be loaded: {e.GetType().Name}: {e.Message}";
        }
    });

    private static float[] RunOnnxRuntime(string path, float[] x, int batch)
    {
        using var session = new InferenceSession(path);
        using var input = OrtValue.CreateTensorValueFromMemory(x, [batch, x.Length / batch]);
        using var results = session.Run(new RunOptions(), [OnnxExporter.InputName], [input], [OnnxExporter.OutputName]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnnxRuntimeMatchesBackprop(string name, bool normalize)
    {
        Assert.SkipWhen(OnnxRuntimeProblem.Value is not null, OnnxRuntimeProblem.Value ?? "");
        var (network, normalizer) = Trained(name, normalize);
        string path = PathOf($"{name}.onnx");
        OnnxExporter.Export(network, path, normalizer);

        foreach (int batch in new[] { 1, 17 })
        {
            var raw = RawInputs(batch, 99 + (ulong)batch);
            // A constant training feature is still fed varying values: both sides must ignore it.
            var expected = BackpropPrediction(network, normalizer, raw);
            var actual = RunOnnxRuntime(path, ExampleMajor(raw), batch);
            Assert.Equal(batch * network.OutputSize, actual.Length);
            AssertClose(expected, [.. actual.Select(v => (double)v)], $"{name}, normalized={normalize}, batch {batch}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecodedGraphMatchesBackprop(string name, bool normalize)
    {
        var (network, normalizer) = Trained(name, normalize);
        var model = OnnxTestReader.ReadModel(OnnxExporter.Serialize(network, normalizer));
        var raw = RawInputs(13, 7);
        var actual = OnnxTestReader.Evaluate(model.Graph, ExampleMajor(raw), 13);
        AssertClose(BackpropPrediction(network, normalizer, raw), actual, $"{name}, normalized={normalize}");
    }

    [Fact]
    public void WireFormatHoldsTheExpectedGraph()
    {
        var (network, _) = Trained("batchnorm-softmax", normalize: false);
        var model = OnnxTestReader.ReadModel(OnnxExporter.Serialize(network, null, ["a", "b", "c", "d"]));

        Assert.Equal(8, model.IrVersion);
        Assert.Equal("Backprop", model.Producer);
        Assert.Equal([("", 17L)], model.Opsets);
        Assert.Equal("[\"a\",\"b\",\"c\",\"d\"]", model.Metadata[OnnxExporter.ClassNamesKey]);

        var graph = model.Graph;
        Assert.Equal(
            ["Gemm", "BatchNormalization", "Relu", "Gemm", "BatchNormalization", "LeakyRelu", "Gemm", "Softmax"],
            graph.Nodes.Select(n => n.OpType));
        Assert.Equal("X", graph.Nodes[0].Inputs[0]);
        Assert.Equal(["Y"], graph.Nodes[^1].Outputs);
        Assert.Equal("X", graph.Inputs.Single().Name);
        Assert.Equal(["batch", "5"], graph.Inputs.Single().Dims);
        Assert.Equal(["batch", "4"], graph.Outputs.Single().Dims);
        Assert.Equal(1, graph.Outputs.Single().ElementType);

        Assert.Equal(1, graph.Nodes[0].Attribute("transB").I);
        Assert.Equal(2, graph.Nodes[0].Attribute("transB").Type);
        Assert.Equal(1e-3f, graph.Nodes[4].Attribute("epsilon").F);
        Assert.Equal(1, graph.Nodes[4].Attribute("epsilon").Type);
        Assert.Equal(0.05f, graph.Nodes[5].Attribute("alpha").F);
        Assert.Equal(1, graph.Nodes[7].Attribute("axis").I);

        // Weights are stored as Backprop holds them, [n_l, n_(l−1)], for Gemm's transB = 1.
        var dense = (DenseLayer<float>)network.Layers[0];
        var w = graph.Initializers.Single(t => t.Name == graph.Nodes[0].Inputs[1]);
        Assert.Equal([7L, 5L], w.Dims);
        Assert.Equal(1, w.DataType);
        Assert.Equal(dense.Weights.Value.Span.ToArray(), w.Data);

        var batchNorm = (BatchNormLayer<float>)network.Layers[1];
        var mean = graph.Initializers.Single(t => t.Name == graph.Nodes[1].Inputs[3]);
        var variance = graph.Initializers.Single(t => t.Name == graph.Nodes[1].Inputs[4]);
        Assert.Equal(batchNorm.RunningMean.Span.ToArray(), mean.Data);
        Assert.Equal(batchNorm.RunningVariance.Span.ToArray(), variance.Data);
        // Training moved the running statistics away from their initial 0 and 1.
        Assert.Contains(mean.Data, v => Math.Abs(v) > 1e-3);
        Assert.Contains(variance.Data, v => Math.Abs(v - 1) > 1e-3);

        // Dropout adds no node: every node is one of the listed operators.
        Assert.DoesNotContain(graph.Nodes, n => n.OpType.Contains("Dropout", StringComparison.Ordinal));
    }

    [Fact]
    public void NormalizerIsFoldedIntoTheFirstGemm()
    {
        var (network, normalizer) = Trained("relu-sigmoid", normalize: true);
        var graph = OnnxTestReader.ReadModel(OnnxExporter.Serialize(network, normalizer)).Graph;
        var dense = (DenseLayer<float>)network.Layers[0];
        var w = graph.Initializers.Single(t => t.Name == "layers.0.W");
        var b = graph.Initializers.Single(t => t.Name == "layers.0.b");
        for (int r = 0; r < dense.OutputSize; r++)
        {
            double shift = 0;
            for (int i = 0; i < Features; i++)
            {
                double scale = normalizer!.Variance[i] == 0 ? 0 : 1 / Math.Sqrt(normalizer.Variance[i] + normalizer.Epsilon);
                Assert.Equal((float)(dense.Weights.Value[r, i] * scale), w.Data[r * Features + i]);
                shift += dense.Weights.Value[r, i] * scale * normalizer.Mean[i];
            }
            Assert.Equal((float)(dense.Bias.Value[r, 0] - shift), b.Data[r]);
            // Feature 0 was constant in training, so its column is zero.
            Assert.Equal(0f, w.Data[r * Features]);
        }
    }

    [Fact]
    public void SameNetworkGivesIdenticalBytes()
    {
        var (first, normalizer) = Trained("batchnorm-softmax", normalize: true);
        var (second, _) = Trained("batchnorm-softmax", normalize: true);
        string[] classes = ["setosa", "versicolor", "virginica", "ünïcode"];
        OnnxExporter.Export(first, PathOf("a.onnx"), normalizer, classes);
        OnnxExporter.Export(second, PathOf("b.onnx"), normalizer, classes);
        OnnxExporter.Export(first, PathOf("a.onnx"), normalizer, classes);
        Assert.Equal(File.ReadAllBytes(PathOf("a.onnx")), File.ReadAllBytes(PathOf("b.onnx")));
        var metadata = OnnxTestReader.ReadModel(File.ReadAllBytes(PathOf("a.onnx"))).Metadata;
        Assert.Equal(classes, JsonSerializer.Deserialize<string[]>(metadata[OnnxExporter.ClassNamesKey]));
        // Atomic writes leave only the two finished files behind.
        Assert.Equal(["a.onnx", "b.onnx"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void BinaryClassifierAcceptsTwoClassNames()
    {
        var (network, _) = Trained("relu-sigmoid", normalize: false);
        var model = OnnxTestReader.ReadModel(OnnxExporter.Serialize(network, null, ["no", "yes"]));
        Assert.Equal("[\"no\",\"yes\"]", model.Metadata[OnnxExporter.ClassNamesKey]);
    }

    private sealed class SquareLayer : ILayer<float>
    {
        public int InputSize => 6;
        public int OutputSize => 6;
        public IReadOnlyList<Parameter<float>> Parameters => [];
        public Matrix<float> Forward(Matrix<float> input, bool training) => input;
        public Matrix<float>? Backward(Matrix<float> outputGradient, bool computeInputGradient) => outputGradient;
        public override string ToString() => "Square(6)";
    }

    private void AssertNothingWritten() => Assert.Empty(Directory.GetFiles(_folder));

    [Fact]
    public void UnknownLayerIsRejectedByName()
    {
        var first = new DenseLayer<float>(0, Features, 6, Activation.ReLU, Initializer.He);
        var last = new DenseLayer<float>(2, 6, 1, Activation.Sigmoid, Initializer.Xavier);
        var network = new Network<float>([first, new SquareLayer(), last], Loss.BinaryCrossEntropy, null, []);
        var error = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(network, PathOf("m.onnx")));
        Assert.Contains("SquareLayer", error.Message, StringComparison.Ordinal);
        Assert.Contains("Square(6)", error.Message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void MismatchedNormalizerIsRejected()
    {
        var (network, _) = Trained("regression", normalize: false);
        var normalizer = new Normalizer([0, 1, 2], [1, 1, 1]);
        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(network, PathOf("m.onnx"), normalizer));
        Assert.Contains("3 features", error.Message, StringComparison.Ordinal);
        Assert.Contains("5 inputs", error.Message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void MismatchedClassNamesAreRejected()
    {
        var (network, _) = Trained("batchnorm-softmax", normalize: false);
        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(network, PathOf("m.onnx"), classNames: ["a", "b"]));
        Assert.Contains("2 class names for 4 output unit(s)", error.Message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void NonFiniteParameterIsRejectedByName()
    {
        var (network, _) = Trained("relu-sigmoid", normalize: false);
        ((DenseLayer<float>)network.Layers[1]).Weights.Value[0, 3] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(network, PathOf("m.onnx")));
        Assert.Contains("layers.1.W", error.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void MissingFolderIsReportedAndExistingFileIsReplaced()
    {
        var (network, _) = Trained("regression", normalize: false);
        Assert.Throws<DirectoryNotFoundException>(() => OnnxExporter.Export(network, PathOf("missing/m.onnx")));
        File.WriteAllText(PathOf("m.onnx"), "old");
        OnnxExporter.Export(network, PathOf("m.onnx"));
        Assert.Equal(OnnxExporter.Serialize(network), File.ReadAllBytes(PathOf("m.onnx")));
    }
}
