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
    private readonly byte[] _bytes;
    private readonly JsonFieldReader _json;

    private ModelReader(string path, byte[] bytes, string noun = "Model file")
    {
        _bytes = bytes;
        _json = new JsonFieldReader(noun, path);
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
        return (new LoadedModel<T>(network, header.Metadata, ModelVocabulary.ElementType(header.ElementType)), header.Checkpoint, state);
    }

    private InvalidDataException Fail(string problem, Exception? inner = null) => _json.Fail(problem, inner);

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
            _json.RequireKind(root, "header", JsonValueKind.Object);
            _json.OnlyFields(root, null, "element_type", "input_size", "layers", "loss", "regularizer", "class_names", "normalizer", "metadata", "checkpoint", "tensors");
            string elementType = _json.String(root, "element_type");
            if (ModelVocabulary.DTypeSize(elementType) == 0)
                throw Fail($"field 'element_type': unknown element type '{elementType}' (expected float32 or float64).");
            int inputSize = _json.PositiveInt(root, "input_size");

            var layers = new List<LayerRecord>();
            foreach (var (layer, path) in _json.Items(root, "layers"))
            {
                _json.RequireKind(layer, path, JsonValueKind.Object);
                // Clone detaches the element from the document, which is disposed below.
                layers.Add(new LayerRecord(_json.String(layer, "kind", path), layer.Clone(), layers.Count));
            }
            if (layers.Count == 0)
                throw Fail("field 'layers' is empty; a network needs at least one dense layer.");

            string lossName = _json.String(root, "loss");
            var loss = ModelVocabulary.Loss(lossName) ?? throw Fail($"field 'loss': unknown loss '{lossName}'.");

            Regularizer? regularizer = null;
            if (root.TryGetProperty("regularizer", out var reg) && reg.ValueKind != JsonValueKind.Null)
            {
                _json.RequireKind(reg, "regularizer", JsonValueKind.Object);
                _json.OnlyFields(reg, "regularizer", "kind", "lambda");
                string kind = _json.String(reg, "kind", "regularizer");
                double lambda = _json.Number(reg, "lambda", "regularizer");
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
            var checkpoint = _json.Optional(root, "checkpoint", JsonValueKind.Object)?.Clone();
            return new Header(elementType, inputSize, layers, loss, regularizer, metadata, TensorTable(root), checkpoint);
        }
    }

    private List<string> ClassNames(JsonElement root)
    {
        var names = new List<string>();
        if (_json.Optional(root, "class_names", JsonValueKind.Array) is not { } element)
            return names;
        foreach (var (name, field) in JsonFieldReader.Items(element, "class_names"))
        {
            _json.RequireKind(name, field, JsonValueKind.String);
            names.Add(name.GetString()!);
        }
        return names;
    }

    private Normalizer? Normalizer(JsonElement root, int inputSize)
    {
        if (_json.Optional(root, "normalizer", JsonValueKind.Object) is not { } element)
            return null;
        _json.OnlyFields(element, "normalizer", "mean", "variance", "epsilon");
        var mean = _json.Numbers(element, "mean", "normalizer");
        var variance = _json.Numbers(element, "variance", "normalizer");
        double epsilon = _json.Number(element, "epsilon", "normalizer");
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
        if (_json.Optional(root, "metadata", JsonValueKind.Object) is not { } element)
            return properties;
        foreach (var property in element.EnumerateObject())
        {
            _json.RequireKind(property.Value, $"metadata.{property.Name}", JsonValueKind.String);
            if (!properties.TryAdd(property.Name, property.Value.GetString()!))
                throw Fail($"field 'metadata.{property.Name}' appears twice.");
        }
        return properties;
    }

    private List<TensorRecord> TensorTable(JsonElement root)
    {
        var tensors = new List<TensorRecord>();
        long nextOffset = 0;
        foreach (var (entry, path) in _json.Items(root, "tensors"))
        {
            _json.RequireKind(entry, path, JsonValueKind.Object);
            _json.OnlyFields(entry, path, "name", "dtype", "shape", "offset", "length");
            string name = _json.String(entry, "name", path);
            string dtype = _json.String(entry, "dtype", path);
            int size = ModelVocabulary.DTypeSize(dtype);
            if (size == 0)
                throw Fail($"field '{path}.dtype': tensor '{name}' has unknown dtype '{dtype}' (expected float32 or float64).");
            var shape = _json.Field(entry, "shape", JsonValueKind.Array, path);
            if (shape.GetArrayLength() != 2)
                throw Fail($"field '{path}.shape': tensor '{name}' must have 2 dimensions, has {shape.GetArrayLength()}.");
            int rows = _json.NonNegativeInt(shape[0], $"{path}.shape[0]");
            int columns = _json.NonNegativeInt(shape[1], $"{path}.shape[1]");
            long offset = _json.NonNegativeLong(entry, "offset", path);
            long length = _json.NonNegativeLong(entry, "length", path);
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
        _json.OnlyFields(e, path, "kind", "units", "activation", "slope", "use_bias");
        int units = _json.PositiveInt(e, "units", path);
        var activation = ActivationOf(e, path);
        bool useBias = _json.Boolean(e, "use_bias", path);
        // The weights are overwritten from the file, so the initializer only names how they were first drawn.
        return new DenseLayer<T>(index, inputSize, units, activation, Initializer.He, useBias);
    }

    private BatchNormLayer<T> BatchNorm<T>(JsonElement e, string path, int index, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        _json.OnlyFields(e, path, "kind", "momentum", "epsilon", "unbiased_running_variance");
        return new BatchNormLayer<T>(index, size, _json.Number(e, "momentum", path), _json.Number(e, "epsilon", path), _json.Boolean(e, "unbiased_running_variance", path));
    }

    private ActivationLayer<T> ActivationOnly<T>(JsonElement e, string path, int index, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        _json.OnlyFields(e, path, "kind", "activation", "slope");
        return new ActivationLayer<T>(index, size, ActivationOf(e, path));
    }

    private DropoutLayer<T> Dropout<T>(JsonElement e, string path, int index, int size, IRandomSource random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        _json.OnlyFields(e, path, "kind", "keep_prob");
        return new DropoutLayer<T>(index, size, _json.Number(e, "keep_prob", path), random);
    }

    private Activation ActivationOf(JsonElement e, string path)
    {
        string name = _json.String(e, "activation", path);
        bool leaky = ModelVocabulary.HasSlope(name);
        bool hasSlope = e.TryGetProperty("slope", out _);
        if (leaky && !hasSlope)
            throw Fail($"field '{path}.slope' is missing; leaky_relu needs its slope.");
        if (!leaky && hasSlope)
            throw Fail($"field '{path}.slope' is only allowed with leaky_relu, not '{name}'.");
        double slope = leaky ? _json.Number(e, "slope", path) : 0;
        return ModelVocabulary.Activation(name, slope)
            ?? throw Fail($"field '{path}.activation': unknown activation '{name}' (expected one of {SpecNames.Activations.Choices}).");
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
        if (ModelVocabulary.ElementType(dtype) == typeof(float))
            for (int i = 0; i < target.Length; i++)
                target[i] = T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]));
        else
            for (int i = 0; i < target.Length; i++)
                target[i] = T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]));
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
