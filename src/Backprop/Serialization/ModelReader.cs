using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Randomness;
using Backprop.Regularization;
using Backprop.Tensors;

namespace Backprop.Serialization;

/// <summary>
/// Reads and validates a model file held in memory. Checks run from the outside in: magic, version and
/// header bounds; then the header's fields; then the file length against the tensor table; then the
/// checksum; and last the tensors against the architecture.
/// </summary>
internal sealed class ModelReader
{
    private readonly string _path;
    private readonly byte[] _bytes;

    private readonly string _noun;

    private ModelReader(string path, byte[] bytes, string noun = "Model file")
    {
        _path = path;
        _bytes = bytes;
        _noun = noun;
    }

    public static LoadedModel<T> Read<T>(string path, byte[] bytes, IRandomSource dropoutRandom)
        where T : unmanaged, IFloatingPointIeee754<T>
        => new ModelReader(path, bytes).Read<T>(dropoutRandom).Model;

    /// <summary>
    /// Reads a model file that may carry a training checkpoint: the model, the header's <c>checkpoint</c>
    /// object (null when absent) and the tensors that are not the network's (training state), by name.
    /// </summary>
    public static (LoadedModel<T> Model, JsonElement? Checkpoint, Dictionary<string, Matrix<T>> StateTensors) ReadWithState<T>(string path, byte[] bytes, IRandomSource dropoutRandom)
        where T : unmanaged, IFloatingPointIeee754<T>
        => new ModelReader(path, bytes, "Checkpoint file").Read<T>(dropoutRandom);

    private (LoadedModel<T> Model, JsonElement? Checkpoint, Dictionary<string, Matrix<T>> StateTensors) Read<T>(IRandomSource dropoutRandom) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (_bytes.Length == 0)
            throw Fail("the file is empty.");
        if (_bytes.Length < ModelFile.Magic.Length || !_bytes.AsSpan(0, ModelFile.Magic.Length).SequenceEqual(ModelFile.Magic))
            throw Fail("wrong magic bytes; this is not a Backprop model file.");
        if (_bytes.Length < ModelFile.PreambleBytes)
            throw Fail($"truncated: {_bytes.Length} bytes, shorter than the {ModelFile.PreambleBytes}-byte preamble.");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(8));
        if (version != ModelFile.FormatVersion)
            throw Fail($"unsupported format version {version}; this library reads version {ModelFile.FormatVersion}.");
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(12));
        if (headerLength > ModelFile.MaxHeaderBytes)
            throw Fail($"header length {headerLength} bytes exceeds the limit of {ModelFile.MaxHeaderBytes} bytes.");
        long available = _bytes.Length - ModelFile.PreambleBytes;
        if (headerLength > available)
            throw Fail($"header length {headerLength} bytes is larger than the {available} bytes that follow the preamble (truncated file?).");

        var header = ParseHeader((int)headerLength);
        long dataStart = ModelFile.PreambleBytes + headerLength;
        long dataLength = header.Tensors.Sum(t => t.Length);
        long expected = dataStart + dataLength + ModelFile.ChecksumBytes;
        if (_bytes.Length < expected)
            throw Fail($"data truncated: the file is {_bytes.Length} bytes but its tensor table needs {expected}.");
        if (_bytes.Length > expected)
            throw Fail($"{_bytes.Length - expected} unexpected bytes after the checksum (the file is {_bytes.Length} bytes, expected {expected}).");
        var stored = _bytes.AsSpan((int)(expected - ModelFile.ChecksumBytes));
        var actual = SHA256.HashData(_bytes.AsSpan(0, (int)(expected - ModelFile.ChecksumBytes)));
        if (!stored.SequenceEqual(actual))
            throw Fail("checksum mismatch: the SHA-256 of the header and data does not match the stored one (corrupted file).");

        var network = Build<T>(header, dropoutRandom);
        var state = LoadTensors(network, header.Tensors, (int)dataStart, header.Checkpoint is not null);
        var storedType = header.ElementType == "float32" ? typeof(float) : typeof(double);
        return (new LoadedModel<T>(network, header.Metadata, storedType), header.Checkpoint, state);
    }

    // InvalidDataException is sealed, so there is no format-specific subclass; the message carries the file and problem.
    private InvalidDataException Fail(string problem, Exception? inner = null) => new($"{_noun} '{_path}': {problem}", inner);

    // ---- Header -------------------------------------------------------------------------------

    private sealed record LayerRecord(string Kind, JsonElement Element, int Index);

    private sealed record TensorRecord(string Name, string DType, int Rows, int Columns, long Offset, long Length);

    private sealed record Header(string ElementType, int InputSize, List<LayerRecord> Layers, Loss Loss,
        Regularizer? Regularizer, ModelMetadata Metadata, List<TensorRecord> Tensors, JsonElement? Checkpoint);

    private Header ParseHeader(int length)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(_bytes.AsMemory(ModelFile.PreambleBytes, length), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Fail($"the header is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            RequireKind(root, "header", JsonValueKind.Object);
            OnlyFields(root, "header", "element_type", "input_size", "layers", "loss", "regularizer", "class_names", "normalizer", "metadata", "checkpoint", "tensors");
            string elementType = String(root, "element_type");
            if (ModelVocabulary.DTypeSize(elementType) == 0)
                throw Fail($"field 'element_type': unknown element type '{elementType}' (expected float32 or float64).");
            int inputSize = PositiveInt(root, "input_size");

            var layersElement = Field(root, "layers", JsonValueKind.Array);
            var layers = new List<LayerRecord>();
            int index = 0;
            foreach (var layer in layersElement.EnumerateArray())
            {
                string path = $"layers[{index}]";
                RequireKind(layer, path, JsonValueKind.Object);
                // Clone detaches the element from the document, which is disposed below.
                layers.Add(new LayerRecord(String(layer, "kind", path), layer.Clone(), index));
                index++;
            }
            if (layers.Count == 0)
                throw Fail("field 'layers' is empty; a network needs at least one dense layer.");

            string lossName = String(root, "loss");
            var loss = ModelVocabulary.Loss(lossName) ?? throw Fail($"field 'loss': unknown loss '{lossName}'.");

            Regularizer? regularizer = null;
            if (root.TryGetProperty("regularizer", out var reg) && reg.ValueKind != JsonValueKind.Null)
            {
                RequireKind(reg, "regularizer", JsonValueKind.Object);
                OnlyFields(reg, "regularizer", "kind", "lambda");
                string kind = String(reg, "kind", "regularizer");
                double lambda = Number(reg, "lambda", "regularizer");
                if (!(lambda >= 0) || !double.IsFinite(lambda))
                    throw Fail($"field 'regularizer.lambda' is {Text(lambda)}; it must be finite and ≥ 0.");
                regularizer = ModelVocabulary.Regularizer(kind, lambda) ?? throw Fail($"field 'regularizer.kind': unknown regularizer '{kind}'.");
            }

            var metadata = new ModelMetadata
            {
                ClassNames = ClassNames(root),
                Normalizer = Normalizer(root, inputSize),
                Properties = Properties(root),
            };
            JsonElement? checkpoint = null;
            if (root.TryGetProperty("checkpoint", out var training))
            {
                RequireKind(training, "checkpoint", JsonValueKind.Object);
                checkpoint = training.Clone();
            }
            return new Header(elementType, inputSize, layers, loss, regularizer, metadata, TensorTable(root), checkpoint);
        }
    }

    private List<string> ClassNames(JsonElement root)
    {
        var names = new List<string>();
        if (!root.TryGetProperty("class_names", out var element))
            return names;
        RequireKind(element, "class_names", JsonValueKind.Array);
        int i = 0;
        foreach (var name in element.EnumerateArray())
        {
            RequireKind(name, $"class_names[{i++}]", JsonValueKind.String);
            names.Add(name.GetString()!);
        }
        return names;
    }

    private Normalizer? Normalizer(JsonElement root, int inputSize)
    {
        if (!root.TryGetProperty("normalizer", out var element))
            return null;
        RequireKind(element, "normalizer", JsonValueKind.Object);
        OnlyFields(element, "normalizer", "mean", "variance", "epsilon");
        var mean = Numbers(element, "mean", "normalizer");
        var variance = Numbers(element, "variance", "normalizer");
        double epsilon = Number(element, "epsilon", "normalizer");
        if (mean.Count != inputSize || variance.Count != inputSize)
            throw Fail($"field 'normalizer': {mean.Count} means and {variance.Count} variances, but the network takes {inputSize} inputs.");
        try
        {
            return new Normalizer(mean, variance, epsilon);
        }
        catch (ArgumentException e)
        {
            throw Fail($"field 'normalizer': {e.Message}", e);
        }
    }

    private Dictionary<string, string> Properties(JsonElement root)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("metadata", out var element))
            return properties;
        RequireKind(element, "metadata", JsonValueKind.Object);
        foreach (var property in element.EnumerateObject())
        {
            RequireKind(property.Value, $"metadata.{property.Name}", JsonValueKind.String);
            if (!properties.TryAdd(property.Name, property.Value.GetString()!))
                throw Fail($"field 'metadata.{property.Name}' appears twice.");
        }
        return properties;
    }

    private List<TensorRecord> TensorTable(JsonElement root)
    {
        var table = Field(root, "tensors", JsonValueKind.Array);
        var tensors = new List<TensorRecord>();
        long nextOffset = 0;
        int i = 0;
        foreach (var entry in table.EnumerateArray())
        {
            string path = $"tensors[{i++}]";
            RequireKind(entry, path, JsonValueKind.Object);
            OnlyFields(entry, path, "name", "dtype", "shape", "offset", "length");
            string name = String(entry, "name", path);
            string dtype = String(entry, "dtype", path);
            int size = ModelVocabulary.DTypeSize(dtype);
            if (size == 0)
                throw Fail($"field '{path}.dtype': tensor '{name}' has unknown dtype '{dtype}' (expected float32 or float64).");
            var shape = Field(entry, "shape", JsonValueKind.Array, path);
            if (shape.GetArrayLength() != 2)
                throw Fail($"field '{path}.shape': tensor '{name}' must have 2 dimensions, has {shape.GetArrayLength()}.");
            int rows = NonNegativeInt(shape[0], $"{path}.shape[0]");
            int columns = NonNegativeInt(shape[1], $"{path}.shape[1]");
            long offset = Long(entry, "offset", path);
            long length = Long(entry, "length", path);
            if (length != (long)rows * columns * size)
                throw Fail($"field '{path}.length': tensor '{name}' is {length} bytes but {dtype} [{rows}, {columns}] needs {(long)rows * columns * size}.");
            // Tensors lie back to back in table order, so overlaps and gaps are impossible by construction.
            if (offset != nextOffset)
                throw Fail($"field '{path}.offset': tensor '{name}' starts at {offset}, expected {nextOffset} (tensors are stored back to back in table order).");
            nextOffset += length;
            tensors.Add(new TensorRecord(name, dtype, rows, columns, offset, length));
        }
        return tensors;
    }

    // ---- Network ------------------------------------------------------------------------------

    private Network<T> Build<T>(Header header, IRandomSource dropoutRandom) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layers = new ILayer<T>[header.Layers.Count];
        int size = header.InputSize;
        foreach (var record in header.Layers)
        {
            string path = $"layers[{record.Index}]";
            var e = record.Element;
            try
            {
                layers[record.Index] = record.Kind switch
                {
                    "dense" => Dense<T>(e, path, record.Index, size),
                    "batch_norm" => BatchNorm<T>(e, path, record.Index, size),
                    "activation" => ActivationOnly<T>(e, path, record.Index, size),
                    "dropout" => Dropout<T>(e, path, record.Index, size, dropoutRandom),
                    _ => throw Fail($"field '{path}.kind': unknown layer kind '{record.Kind}' (expected dense, batch_norm, activation or dropout)."),
                };
            }
            catch (ArgumentException ex)
            {
                throw Fail($"{path}: {ex.Message}", ex);
            }
            size = layers[record.Index].OutputSize;
        }
        if (layers[^1] is not DenseLayer<T> output)
            throw Fail($"field 'layers[{layers.Length - 1}].kind': the last layer must be dense, not '{header.Layers[^1].Kind}'.");
        try
        {
            header.Loss.ValidateOutputActivation(output.Activation);
        }
        catch (ArgumentException ex)
        {
            throw Fail($"field 'loss': {ex.Message}", ex);
        }
        return new Network<T>(layers, header.Loss, header.Regularizer, []);
    }

    private DenseLayer<T> Dense<T>(JsonElement e, string path, int index, int inputSize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        OnlyFields(e, path, "kind", "units", "activation", "slope", "use_bias");
        int units = PositiveInt(e, "units", path);
        var activation = ActivationOf(e, path);
        bool useBias = Boolean(e, "use_bias", path);
        // The weights are overwritten from the file, so the initializer only names how they were first drawn.
        return new DenseLayer<T>(index, inputSize, units, activation, Initializer.He, useBias);
    }

    private BatchNormLayer<T> BatchNorm<T>(JsonElement e, string path, int index, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        OnlyFields(e, path, "kind", "momentum", "epsilon", "unbiased_running_variance");
        return new BatchNormLayer<T>(index, size, Number(e, "momentum", path), Number(e, "epsilon", path), Boolean(e, "unbiased_running_variance", path));
    }

    private ActivationLayer<T> ActivationOnly<T>(JsonElement e, string path, int index, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        OnlyFields(e, path, "kind", "activation", "slope");
        return new ActivationLayer<T>(index, size, ActivationOf(e, path));
    }

    private DropoutLayer<T> Dropout<T>(JsonElement e, string path, int index, int size, IRandomSource random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        OnlyFields(e, path, "kind", "keep_prob");
        return new DropoutLayer<T>(index, size, Number(e, "keep_prob", path), random);
    }

    private Activation ActivationOf(JsonElement e, string path)
    {
        string name = String(e, "activation", path);
        bool leaky = name == ModelVocabulary.LeakyReLU;
        bool hasSlope = e.TryGetProperty("slope", out _);
        if (leaky && !hasSlope)
            throw Fail($"field '{path}.slope' is missing; leaky_relu needs its slope.");
        if (!leaky && hasSlope)
            throw Fail($"field '{path}.slope' is only allowed with leaky_relu, not '{name}'.");
        double slope = leaky ? Number(e, "slope", path) : 0;
        return ModelVocabulary.Activation(name, slope)
            ?? throw Fail($"field '{path}.activation': unknown activation '{name}' (expected sigmoid, tanh, relu, leaky_relu, linear or softmax).");
    }

    /// <summary>
    /// Fills the network's tensors from the file. Tensors the architecture does not have are an error,
    /// except in a checkpoint (<paramref name="checkpoint"/>), where they are the training state and are returned.
    /// </summary>
    private Dictionary<string, Matrix<T>> LoadTensors<T>(Network<T> network, List<TensorRecord> table, int dataStart, bool checkpoint) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var state = new Dictionary<string, Matrix<T>>(StringComparer.Ordinal);
        var expected = ModelWriter.Tensors(network);
        var byName = new Dictionary<string, TensorRecord>(StringComparer.Ordinal);
        foreach (var record in table)
            if (!byName.TryAdd(record.Name, record))
                throw Fail($"tensor '{record.Name}' appears twice in the tensor table.");
        var expectedNames = expected.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var record in table)
        {
            if (expectedNames.Contains(record.Name))
                continue;
            if (!checkpoint)
                throw Fail($"unexpected tensor '{record.Name}': the architecture has no such tensor.");
            var value = new Matrix<T>(record.Rows, record.Columns);
            Decode(_bytes.AsSpan(dataStart + (int)record.Offset, (int)record.Length), record.DType, value.Span);
            state.Add(record.Name, value);
        }
        foreach (var tensor in expected)
        {
            if (!byName.TryGetValue(tensor.Name, out var record))
                throw Fail($"tensor '{tensor.Name}' is missing from the tensor table.");
            if (record.Rows != tensor.Value.Rows || record.Columns != tensor.Value.Columns)
                throw Fail($"tensor '{tensor.Name}' has shape [{record.Rows}, {record.Columns}] in the file but the architecture needs [{tensor.Value.Rows}, {tensor.Value.Columns}].");
            Decode(_bytes.AsSpan(dataStart + (int)record.Offset, (int)record.Length), record.DType, tensor.Value.Span);
        }
        return state;
    }

    /// <summary>Little-endian float32 or float64 bytes into <typeparamref name="T"/>, converting (rounding to nearest) when the types differ.</summary>
    private static void Decode<T>(ReadOnlySpan<byte> bytes, string dtype, Span<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (dtype == "float32")
            for (int i = 0; i < target.Length; i++)
                target[i] = T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]));
        else
            for (int i = 0; i < target.Length; i++)
                target[i] = T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]));
    }

    // ---- Field access with errors that name the field ----------------------------------------

    private static string Qualified(string? parent, string name) => parent is null ? name : $"{parent}.{name}";

    private void RequireKind(JsonElement element, string path, JsonValueKind kind)
    {
        if (element.ValueKind != kind)
            throw Fail($"field '{path}' must be {Describe(kind)}, not {Describe(element.ValueKind)}.");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private void OnlyFields(JsonElement element, string path, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
            if (Array.IndexOf(allowed, property.Name) < 0)
                throw Fail($"unknown field '{Qualified(path == "header" ? null : path, property.Name)}'.");
    }

    private JsonElement Field(JsonElement parent, string name, JsonValueKind kind, string? path = null)
    {
        if (!parent.TryGetProperty(name, out var value))
            throw Fail($"field '{Qualified(path, name)}' is missing.");
        RequireKind(value, Qualified(path, name), kind);
        return value;
    }

    private string String(JsonElement parent, string name, string? path = null) => Field(parent, name, JsonValueKind.String, path).GetString()!;

    private bool Boolean(JsonElement parent, string name, string? path = null)
    {
        if (!parent.TryGetProperty(name, out var value))
            throw Fail($"field '{Qualified(path, name)}' is missing.");
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw Fail($"field '{Qualified(path, name)}' must be a boolean, not {Describe(value.ValueKind)}.");
        return value.GetBoolean();
    }

    private double Number(JsonElement parent, string name, string? path = null) => Field(parent, name, JsonValueKind.Number, path).GetDouble();

    private List<double> Numbers(JsonElement parent, string name, string path)
    {
        var values = new List<double>();
        int i = 0;
        foreach (var item in Field(parent, name, JsonValueKind.Array, path).EnumerateArray())
        {
            RequireKind(item, $"{path}.{name}[{i++}]", JsonValueKind.Number);
            values.Add(item.GetDouble());
        }
        return values;
    }

    private int PositiveInt(JsonElement parent, string name, string? path = null)
    {
        var value = Field(parent, name, JsonValueKind.Number, path);
        if (!value.TryGetInt32(out int result) || result <= 0)
            throw Fail($"field '{Qualified(path, name)}' must be a positive integer, not {value.GetRawText()}.");
        return result;
    }

    private int NonNegativeInt(JsonElement value, string path)
    {
        RequireKind(value, path, JsonValueKind.Number);
        if (!value.TryGetInt32(out int result) || result < 0)
            throw Fail($"field '{path}' must be a non-negative integer, not {value.GetRawText()}.");
        return result;
    }

    private long Long(JsonElement parent, string name, string path)
    {
        var value = Field(parent, name, JsonValueKind.Number, path);
        if (!value.TryGetInt64(out long result) || result < 0)
            throw Fail($"field '{path}.{name}' must be a non-negative integer, not {value.GetRawText()}.");
        return result;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
