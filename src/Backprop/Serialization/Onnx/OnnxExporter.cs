using System.Globalization;
using System.Text;
using System.Text.Json;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Google.Protobuf;

namespace Backprop.Serialization.Onnx;

/// <summary>
/// Writes a trained network as an ONNX model (IR version <see cref="IrVersion"/>, default-domain opset
/// <see cref="OpsetVersion"/>, float32) that computes the same predictions as
/// <see cref="Network{T}.Forward(Tensors.Matrix{T}, bool)"/> with <c>training: false</c>.
/// </summary>
/// <remarks>
/// <para>ONNX is example-major: the graph input <c>X</c> is [batch, n_x] and the output <c>Y</c> is
/// [batch, n_y], the transposes of Backprop's [n_x, m] and [n_y, m]. A dense layer therefore becomes
/// <c>Gemm(X, W, b)</c> with <c>transB = 1</c>, which keeps W in its stored [n_l, n_(l−1)] layout.</para>
/// <para>Activations map to Relu, Sigmoid, Tanh, LeakyRelu (alpha = slope) and Softmax (axis = 1);
/// a linear activation adds no node. Batch normalization is exported as a BatchNormalization node in
/// inference mode (scale γ, B β, the running mean and variance, the layer's ε), not folded, so the
/// graph shows the network as it was built. Dropout is the identity at prediction and adds no node.</para>
/// <para>A <see cref="Normalizer"/>, when given, is folded into the first dense layer: with
/// x_norm = (x − μ)/√(σ² + ε), W' = W·diag(1/√(σ² + ε)) and b' = b − W'·μ, computed in double and
/// rounded once to float. A feature of zero training variance, which the normalizer maps to 0, gets a
/// zero column. The exported model then takes raw, unnormalized inputs.</para>
/// <para>The same network, normalizer and class names always give the same bytes: the file holds no
/// timestamps, paths or host names.</para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The ONNX IR version written: 8, the version that goes with opset 17.</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain (ai.onnx) operator set version written: 17.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The graph's input name, [batch, n_x] raw features.</summary>
    public const string InputName = "X";

    /// <summary>The graph's output name, [batch, n_y] output activations (probabilities for classifiers).</summary>
    public const string OutputName = "Y";

    /// <summary>The metadata key under which class names are stored, as a JSON array of strings.</summary>
    public const string ClassNamesKey = "class_names";

    /// <summary>Writes <paramref name="network"/> as an ONNX model file, atomically (temporary file, then rename).</summary>
    /// <param name="network">The trained network; its batch-norm running statistics are exported as they are.</param>
    /// <param name="path">The .onnx file to create or replace; its folder must exist.</param>
    /// <param name="normalizer">The input normalization the network was trained with, folded into the first dense layer; null when inputs are fed as they are.</param>
    /// <param name="classNames">Class names stored in the model's metadata under <see cref="ClassNamesKey"/>: one per output unit, or two for a single sigmoid output; null for none.</param>
    /// <exception cref="ArgumentException">The path names no file, the normalizer's feature count differs from n_x, the class names do not match the outputs, or a parameter is not finite.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="NotSupportedException">The network holds a layer or activation that has no ONNX counterpart here; the message names it.</exception>
    public static void Export(Network<float> network, string path, Normalizer? normalizer = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot write ONNX file '{fullPath}': the folder '{folder}' does not exist.");

        // Everything that can be rejected is rejected here, before any file exists.
        byte[] bytes = Serialize(network, normalizer, classNames);

        AtomicFile.WriteAllBytes(fullPath, bytes);
    }

    /// <summary>The encoded ONNX model for <paramref name="network"/>, as <see cref="Export"/> writes it.</summary>
    internal static byte[] Serialize(Network<float> network, Normalizer? normalizer = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var model = BuildModel(network, normalizer, classNames);
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
            model.WriteTo(output);
        return buffer.ToArray();
    }

    private static OnnxModel BuildModel(Network<float> network, Normalizer? normalizer, IReadOnlyList<string>? classNames)
    {
        if (normalizer is not null && normalizer.Features != network.InputSize)
            throw new ArgumentException($"ONNX export: the normalizer was fitted on {normalizer.Features} features but the network takes {network.InputSize} inputs.", nameof(normalizer));
        var metadata = new List<OnnxStringEntry>();
        if (classNames is not null)
            metadata.Add(new OnnxStringEntry(ClassNamesKey, ClassNamesJson(classNames, network.OutputSize)));

        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        string current = InputName;
        bool normalizationPending = normalizer is not null;
        foreach (var layer in network.Layers)
        {
            switch (layer)
            {
                case DropoutLayer<float>:
                    // Inverted dropout scales during training only, so prediction passes inputs through.
                    break;
                case DenseLayer<float> dense:
                    current = AddDense(dense, current, normalizationPending ? normalizer : null, nodes, initializers);
                    normalizationPending = false;
                    break;
                case BatchNormLayer<float> batchNorm when !normalizationPending:
                    current = AddBatchNorm(batchNorm, current, nodes, initializers);
                    break;
                case ActivationLayer<float> activation when !normalizationPending:
                    current = AddActivation(activation.Activation, activation.Index, current, nodes);
                    break;
                default:
                    throw normalizationPending && layer is BatchNormLayer<float> or ActivationLayer<float>
                        ? new NotSupportedException($"ONNX export: layer {Describe(layer)} comes before the first dense layer, so the normalizer cannot be folded into one.")
                        : new NotSupportedException($"ONNX export: layer {Describe(layer)} of type {layer.GetType().Name} has no ONNX counterpart; only dense, batch-norm, activation and dropout layers are exported.");
            }
        }
        if (nodes.Count == 0)
            throw new NotSupportedException("ONNX export: the network has no layer that computes anything.");

        // The last node produces the graph output, whatever name it was given while building.
        var last = nodes[^1];
        nodes[^1] = last with { Outputs = [OutputName] };

        var batch = new OnnxDimension(null, "batch");
        var graph = new OnnxGraph(
            Name: "backprop",
            Nodes: nodes,
            Initializers: initializers,
            Inputs: [new OnnxValueInfo(InputName, OnnxDataType.Float, [batch, new OnnxDimension(network.InputSize, null)])],
            Outputs: [new OnnxValueInfo(OutputName, OnnxDataType.Float, [batch, new OnnxDimension(network.OutputSize, null)])],
            DocString: normalizer is null
                ? "Backprop network; X holds one example per row."
                : "Backprop network with its input normalization folded into the first Gemm; X holds raw features, one example per row.");
        return new OnnxModel(IrVersion, "Backprop", ProducerVersion(), graph, [new OnnxOperatorSetId("", OpsetVersion)], metadata);
    }

    private static string AddDense(DenseLayer<float> dense, string input, Normalizer? normalizer, List<OnnxNode> nodes, List<OnnxTensor> initializers)
    {
        int rows = dense.OutputSize, columns = dense.InputSize;
        var w = dense.Weights.Value;
        var weights = new float[rows * columns];
        var bias = new float[rows];
        if (normalizer is null)
        {
            w.Span.CopyTo(weights);
            // A bias-free dense layer (before batch norm) still gets a zero C: adding 0 changes nothing.
            if (dense.UseBias)
                dense.Bias.Value.Span.CopyTo(bias);
        }
        else
        {
            FoldNormalizer(dense, normalizer, weights, bias);
        }
        string prefix = $"layers.{dense.Index}";
        string weightName = $"{prefix}.W", biasName = $"{prefix}.b";
        initializers.Add(Finite(new OnnxTensor(weightName, [rows, columns], weights), dense));
        initializers.Add(Finite(new OnnxTensor(biasName, [rows], bias), dense));
        string z = $"{prefix}.Z";
        nodes.Add(new OnnxNode($"{prefix}.gemm", "Gemm", [input, weightName, biasName], [z], [OnnxAttribute.Int("transB", 1)]));
        return AddActivation(dense.Activation, dense.Index, z, nodes);
    }

    private static void FoldNormalizer(DenseLayer<float> dense, Normalizer normalizer, float[] weights, float[] bias)
    {
        int rows = dense.OutputSize, columns = dense.InputSize;
        // 1/√(σ² + ε) per feature, or 0 for a constant feature, which the normalizer maps to 0.
        var scale = new double[columns];
        for (int i = 0; i < columns; i++)
            scale[i] = normalizer.Variance[i] == 0 ? 0 : 1 / Math.Sqrt(normalizer.Variance[i] + normalizer.Epsilon);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = dense.Weights.Value.Row(r);
            double shift = 0;
            for (int i = 0; i < columns; i++)
            {
                double folded = row[i] * scale[i];
                weights[r * columns + i] = (float)folded;
                shift += folded * normalizer.Mean[i];
            }
            double b = dense.UseBias ? dense.Bias.Value[r, 0] : 0;
            bias[r] = (float)(b - shift);
        }
    }

    private static string AddBatchNorm(BatchNormLayer<float> batchNorm, string input, List<OnnxNode> nodes, List<OnnxTensor> initializers)
    {
        string prefix = $"layers.{batchNorm.Index}";
        string[] names = [$"{prefix}.gamma", $"{prefix}.beta", $"{prefix}.running_mean", $"{prefix}.running_var"];
        float[][] values = [
            batchNorm.Gamma.Value.Span.ToArray(),
            batchNorm.Beta.Value.Span.ToArray(),
            batchNorm.RunningMean.Span.ToArray(),
            batchNorm.RunningVariance.Span.ToArray()];
        for (int k = 0; k < names.Length; k++)
            initializers.Add(Finite(new OnnxTensor(names[k], [batchNorm.InputSize], values[k]), batchNorm));
        string output = $"{prefix}.Z_tilde";
        // Backprop rounds ε to float before adding it, as the float attribute does.
        nodes.Add(new OnnxNode($"{prefix}.batchnorm", "BatchNormalization", [input, .. names], [output],
            [OnnxAttribute.Float("epsilon", (float)batchNorm.Epsilon)]));
        return output;
    }

    private static string AddActivation(Activation activation, int index, string input, List<OnnxNode> nodes)
    {
        // The identity needs no node: the layer's output is its input tensor.
        if (activation is LinearActivation)
            return input;
        string prefix = $"layers.{index}";
        string output = $"{prefix}.A";
        OnnxNode node = activation switch
        {
            ReluActivation => new OnnxNode($"{prefix}.relu", "Relu", [input], [output], []),
            SigmoidActivation => new OnnxNode($"{prefix}.sigmoid", "Sigmoid", [input], [output], []),
            TanhActivation => new OnnxNode($"{prefix}.tanh", "Tanh", [input], [output], []),
            LeakyReluActivation leaky => new OnnxNode($"{prefix}.leaky_relu", "LeakyRelu", [input], [output],
                [OnnxAttribute.Float("alpha", (float)leaky.Slope)]),
            // Each example is a row in ONNX, so the units are axis 1.
            SoftmaxActivation => new OnnxNode($"{prefix}.softmax", "Softmax", [input], [output], [OnnxAttribute.Int("axis", 1)]),
            _ => throw new NotSupportedException($"ONNX export: activation {activation.Name} of layer {index} has no ONNX counterpart."),
        };
        nodes.Add(node);
        return output;
    }

    private static OnnxTensor Finite(OnnxTensor tensor, ILayer<float> layer)
    {
        int bad = Array.FindIndex(tensor.Data, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new ArgumentException($"ONNX export: {tensor.Name} of layer {Describe(layer)} holds {tensor.Data[bad].ToString(CultureInfo.InvariantCulture)} at flat index {bad}; only finite parameters can be exported (did training diverge?).");
        return tensor;
    }

    private static string ClassNamesJson(IReadOnlyList<string> classNames, int outputs)
    {
        bool fits = classNames.Count == outputs || (outputs == 1 && classNames.Count == 2);
        if (!fits)
            throw new ArgumentException($"ONNX export: {classNames.Count} class names for {outputs} output unit(s); give one per output unit, or two for a single sigmoid output.", nameof(classNames));
        for (int i = 0; i < classNames.Count; i++)
            if (classNames[i] is null)
                throw new ArgumentException($"ONNX export: class name {i} is null.", nameof(classNames));
        // Utf8JsonWriter by hand rather than JsonSerializer keeps the library trimming- and AOT-safe.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (string name in classNames)
                writer.WriteStringValue(name);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Describe(ILayer<float> layer) => layer switch
    {
        DenseLayer<float> d => $"{d.Index} ({d})",
        BatchNormLayer<float> b => $"{b.Index} ({b})",
        ActivationLayer<float> a => $"{a.Index} ({a})",
        DropoutLayer<float> o => $"{o.Index} ({o})",
        _ => $"'{layer}'",
    };

    // The assembly version (major.minor.build), not the informational version, which may carry a commit
    // hash: the same network should give the same bytes from any build of one release.
    private static string ProducerVersion()
        => typeof(OnnxExporter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
