using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Randomness;
using Backprop.Regularization;
using Backprop.Serialization;
using Backprop.Tensors;

namespace Backprop.Tests.Serialization;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    // Every layer kind: dense, dropout, batch norm (dense without bias + batch norm + activation), leaky ReLU, L2.
    private static Network<T> Binary<T>(ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
        => Trained(new NetworkBuilder(4)
            .Dense(6, Activation.ReLU)
            .Dropout(0.8)
            .Dense(5, Activation.LeakyReLU(0.05), Initializer.Xavier, BatchNormOptions.Default)
            .Dense(1, Activation.Sigmoid)
            .WithRegularization(Regularizer.L2(0.7))
            .Build<T>(new FastRandom(seed)), seed);

    private static Network<T> Multiclass<T>(ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
        => Trained(new NetworkBuilder(4)
            .Dense(6, Activation.Tanh, Initializer.Glorot, new BatchNormOptions { Momentum = 0.8, Epsilon = 1e-3, UnbiasedRunningVariance = false })
            .Dense(3, Activation.Softmax)
            .WithLoss(Loss.CategoricalCrossEntropy)
            .WithRegularization(Regularizer.L1(0.1))
            .Build<T>(new FastRandom(seed)), seed);

    private static Network<T> Regression<T>(ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
        => Trained(new NetworkBuilder(4)
            .Dense(5, Activation.LeakyReLU(0.2))
            .Dense(2, Activation.Linear)
            .WithLoss(Loss.MeanSquaredError)
            .Build<T>(new FastRandom(seed)), seed);

    // Random biases, γ and β, and training passes that move the batch-norm running statistics away from 0 and 1.
    private static Network<T> Trained<T>(Network<T> network, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new FastRandom(seed + 100);
        foreach (var p in network.Parameters)
            foreach (ref T value in p.Value.Span)
                value += T.CreateTruncating(0.1 * random.NextGaussian());
        for (int i = 0; i < 3; i++)
            network.Forward(Inputs<T>(seed + (ulong)i), training: true);
        return network;
    }

    private static Matrix<T> Inputs<T>(ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new FastRandom(seed + 7);
        var x = new Matrix<T>(4, 9);
        foreach (ref T value in x.Span)
            value = T.CreateTruncating(random.NextGaussian());
        return x;
    }

    private static T[] Predict<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
        => network.Forward(Inputs<T>(42), training: false).Span.ToArray();

    private void AssertRoundTrip<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = PathOf("model.bpm");
        ModelFile.Save(network, path);
        var loaded = ModelFile.Load<T>(path);
        Assert.Equal(Predict(network), Predict(loaded.Network));
        Assert.Equal(network.ToString(), loaded.Network.ToString());
        Assert.Equal(network.Summary(), loaded.Network.Summary());
        Assert.Equal(typeof(T), loaded.StoredElementType);
        var original = network.Layers.OfType<BatchNormLayer<T>>().ToList();
        var reloaded = loaded.Network.Layers.OfType<BatchNormLayer<T>>().ToList();
        Assert.Equal(original.Count, reloaded.Count);
        for (int i = 0; i < original.Count; i++)
        {
            Assert.Equal(original[i].RunningMean.Span.ToArray(), reloaded[i].RunningMean.Span.ToArray());
            Assert.Equal(original[i].RunningVariance.Span.ToArray(), reloaded[i].RunningVariance.Span.ToArray());
            Assert.Equal(original[i].Momentum, reloaded[i].Momentum);
            Assert.Equal(original[i].Epsilon, reloaded[i].Epsilon);
            Assert.Equal(original[i].UnbiasedRunningVariance, reloaded[i].UnbiasedRunningVariance);
        }
        Assert.Equal(network.Regularizer?.Name, loaded.Network.Regularizer?.Name);
        Assert.Same(network.Loss, loaded.Network.Loss);
    }

    [Fact]
    public void Binary_network_with_every_layer_kind_round_trips_bit_for_bit_in_float_and_double()
    {
        AssertRoundTrip(Binary<float>(1));
        AssertRoundTrip(Binary<double>(1));
    }

    [Fact]
    public void Softmax_network_with_configured_batch_norm_and_L1_round_trips_bit_for_bit()
    {
        AssertRoundTrip(Multiclass<float>(2));
        AssertRoundTrip(Multiclass<double>(2));
    }

    [Fact]
    public void Regression_network_keeps_its_leaky_relu_slope()
    {
        AssertRoundTrip(Regression<float>(3));
        AssertRoundTrip(Regression<double>(3));
        string path = PathOf("slope.bpm");
        ModelFile.Save(Regression<double>(3), path);
        var dense = Assert.IsType<DenseLayer<double>>(ModelFile.Load<double>(path).Network.Layers[0]);
        Assert.Equal("LeakyReLU(0.2)", dense.Activation.Name);
        Assert.Equal(-0.2, dense.Activation.Apply(-1));
    }

    [Fact]
    public void Float_file_loads_into_double_exactly_and_double_file_into_float_rounded()
    {
        var single = Binary<float>(4);
        string path = PathOf("float.bpm");
        ModelFile.Save(single, path);
        var widened = ModelFile.Load<double>(path);
        Assert.Equal(typeof(float), widened.StoredElementType);
        Assert.Equal(single.Parameters.Count, widened.Network.Parameters.Count);
        for (int i = 0; i < single.Parameters.Count; i++)
            Assert.Equal(single.Parameters[i].Value.Span.ToArray().Select(v => (double)v), widened.Network.Parameters[i].Value.Span.ToArray());
        var prediction = Predict(widened.Network);
        var expected = Predict(single);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], prediction[i], 1e-5);

        var wide = Binary<double>(4);
        ModelFile.Save(wide, path);
        var narrowed = ModelFile.Load<float>(path);
        Assert.Equal(typeof(double), narrowed.StoredElementType);
        for (int i = 0; i < wide.Parameters.Count; i++)
            Assert.Equal(wide.Parameters[i].Value.Span.ToArray().Select(v => (float)v), narrowed.Network.Parameters[i].Value.Span.ToArray());
    }

    [Fact]
    public void Same_seed_gives_byte_identical_files()
    {
        var first = new Dictionary<string, string> { ["dataset"] = "moons", ["epochs"] = "3" };
        var second = new Dictionary<string, string> { ["epochs"] = "3", ["dataset"] = "moons" };
        ModelFile.Save(Binary<float>(5), PathOf("a.bpm"), new ModelMetadata { Properties = first, ClassNames = ["no", "yes"] });
        ModelFile.Save(Binary<float>(5), PathOf("b.bpm"), new ModelMetadata { Properties = second, ClassNames = ["no", "yes"] });
        Assert.Equal(File.ReadAllBytes(PathOf("a.bpm")), File.ReadAllBytes(PathOf("b.bpm")));
        ModelFile.Save(Binary<float>(6), PathOf("c.bpm"));
        Assert.NotEqual(File.ReadAllBytes(PathOf("a.bpm")), File.ReadAllBytes(PathOf("c.bpm")));
    }

    [Fact]
    public void Normalizer_class_names_and_properties_round_trip()
    {
        var normalizer = Normalizer.Fit(Inputs<double>(8), epsilon: 1e-6);
        var metadata = new ModelMetadata
        {
            ClassNames = ["setosa", "versicolor", "virginica (ü)"],
            Normalizer = normalizer,
            Properties = new Dictionary<string, string> { ["trained_on"] = "iris.csv", ["note"] = "\"quoted\"\nline" },
        };
        string path = PathOf("meta.bpm");
        ModelFile.Save(Multiclass<double>(8), path, metadata);
        var loaded = ModelFile.Load<double>(path);
        Assert.Equal(metadata.ClassNames, loaded.ClassNames);
        Assert.Equal(normalizer.Mean, loaded.Normalizer!.Mean);
        Assert.Equal(normalizer.Variance, loaded.Normalizer.Variance);
        Assert.Equal(normalizer.Epsilon, loaded.Normalizer.Epsilon);
        var x = Inputs<double>(9);
        Assert.Equal(normalizer.Transform(x).Span.ToArray(), loaded.Normalizer.Transform(x).Span.ToArray());
        Assert.Equal(metadata.Properties.OrderBy(p => p.Key), loaded.Metadata.Properties.OrderBy(p => p.Key));

        ModelFile.Save(Regression<double>(8), path);
        var bare = ModelFile.Load<double>(path);
        Assert.Empty(bare.ClassNames);
        Assert.Null(bare.Normalizer);
        Assert.Empty(bare.Metadata.Properties);
    }

    [Fact]
    public void Normalizer_of_the_wrong_size_is_rejected_before_writing()
    {
        var normalizer = new Normalizer([0.0, 1.0], [1.0, 1.0]);
        var error = Assert.Throws<ArgumentException>(() => ModelFile.Save(Binary<float>(1), PathOf("n.bpm"), new ModelMetadata { Normalizer = normalizer }));
        Assert.Contains("2 features", error.Message);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Save_into_a_missing_folder_fails_and_writes_nothing()
    {
        string path = Path.Combine(_folder, "missing", "model.bpm");
        Assert.Throws<DirectoryNotFoundException>(() => ModelFile.Save(Binary<float>(1), path));
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void Save_that_fails_part_way_keeps_the_existing_file_and_leaves_no_temporary()
    {
        string path = PathOf("model.bpm");
        ModelFile.Save(Regression<float>(1), path);
        byte[] before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => ModelFile.Save(Binary<float>(2), path, null, stream => new FailingStream(stream, failAfter: 600)));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));

        string fresh = PathOf("fresh.bpm");
        Assert.Throws<IOException>(() => ModelFile.Save(Binary<float>(2), fresh, null, stream => new FailingStream(stream, failAfter: 100)));
        Assert.False(File.Exists(fresh));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    // ---- Malformed files ------------------------------------------------------------------------

    private string Saved()
    {
        string path = PathOf("good.bpm");
        ModelFile.Save(Binary<float>(1), path, new ModelMetadata { ClassNames = ["no", "yes"] });
        return path;
    }

    private string Corrupt(Action<byte[]> edit, bool reseal = false)
    {
        byte[] bytes = File.ReadAllBytes(Saved());
        edit(bytes);
        if (reseal)
            SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).CopyTo(bytes, bytes.Length - 32);
        string path = PathOf("bad.bpm");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // Rewrites the JSON header (keeping the data) and recomputes the checksum, so only the header is wrong.
    private string EditHeader(Func<string, string> edit)
    {
        byte[] bytes = File.ReadAllBytes(Saved());
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        string header = Encoding.UTF8.GetString(bytes, 16, length);
        byte[] newHeader = Encoding.UTF8.GetBytes(edit(header));
        var file = new List<byte>();
        file.AddRange(bytes.AsSpan(0, 12).ToArray());
        file.AddRange(BitConverter.GetBytes((uint)newHeader.Length));
        file.AddRange(newHeader);
        file.AddRange(bytes.AsSpan(16 + length, bytes.Length - 16 - length - 32).ToArray());
        file.AddRange(SHA256.HashData(file.ToArray()));
        string path = PathOf("bad.bpm");
        File.WriteAllBytes(path, [.. file]);
        return path;
    }

    private static string EditJson(string header, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(header)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    private static JsonObject Tensor(JsonObject root, string name)
        => root["tensors"]!.AsArray().Select(t => t!.AsObject()).Single(t => (string?)t["name"] == name);

    private static void AssertRejected(string path, params string[] fragments)
    {
        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(path));
        Assert.Contains(path, error.Message);
        foreach (string fragment in fragments)
            Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void Untouched_file_loads()
    {
        Assert.Equal(["no", "yes"], ModelFile.Load<float>(Saved()).ClassNames);
    }

    [Fact]
    public void Missing_file_is_reported_with_its_path()
    {
        string path = PathOf("nothing.bpm");
        var error = Assert.Throws<FileNotFoundException>(() => ModelFile.Load<float>(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Empty_file_is_rejected()
    {
        string path = PathOf("empty.bpm");
        File.WriteAllBytes(path, []);
        AssertRejected(path, "empty");
    }

    [Fact]
    public void Wrong_magic_is_rejected() => AssertRejected(Corrupt(b => b[1] = (byte)'X'), "magic");

    [Fact]
    public void Unsupported_version_is_rejected()
        => AssertRejected(Corrupt(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 2), reseal: true), "unsupported format version 2");

    [Fact]
    public void Header_longer_than_the_bound_is_rejected_before_reading_it()
        => AssertRejected(Corrupt(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), 0x7FFF_FFFF)), "exceeds the limit", "16777216");

    [Fact]
    public void Header_longer_than_the_file_is_rejected()
        => AssertRejected(Corrupt(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), (uint)b.Length)), "larger than", "truncated");

    [Fact]
    public void Malformed_json_is_rejected()
        => AssertRejected(EditHeader(h => h.Replace("\"loss\":", "\"loss\"", StringComparison.Ordinal)), "not valid JSON");

    [Fact]
    public void Missing_field_is_named()
        => AssertRejected(EditHeader(h => EditJson(h, r => r.Remove("input_size"))), "field 'input_size' is missing");

    [Fact]
    public void Missing_nested_field_is_named()
        => AssertRejected(EditHeader(h => EditJson(h, r => r["layers"]![1]!.AsObject().Remove("keep_prob"))), "field 'layers[1].keep_prob' is missing");

    [Fact]
    public void Unknown_field_is_named()
        => AssertRejected(EditHeader(h => EditJson(h, r => r["layers"]![0]!.AsObject()["kernel"] = 3)), "unknown field 'layers[0].kernel'");

    [Fact]
    public void Unknown_layer_kind_is_named()
        => AssertRejected(EditHeader(h => EditJson(h, r => r["layers"]![1]!["kind"] = "conv2d")), "unknown layer kind 'conv2d'");

    [Fact]
    public void Unknown_activation_is_named()
        => AssertRejected(EditHeader(h => EditJson(h, r => r["layers"]![0]!["activation"] = "swish")), "unknown activation 'swish'");

    [Fact]
    public void Leaky_relu_without_slope_is_rejected()
        => AssertRejected(EditHeader(h => EditJson(h, r => r["layers"]![4]!.AsObject().Remove("slope"))), "layers[4].slope", "missing");

    [Fact]
    public void Unknown_loss_is_named()
        => AssertRejected(EditHeader(h => EditJson(h, r => r["loss"] = "hinge")), "unknown loss 'hinge'");

    [Fact]
    public void Loss_that_does_not_fit_the_output_is_rejected()
        => AssertRejected(EditHeader(h => EditJson(h, r => r["loss"] = "categorical_cross_entropy")), "field 'loss'");

    [Fact]
    public void Unknown_regularizer_is_named()
        => AssertRejected(EditHeader(h => EditJson(h, r => r["regularizer"]!["kind"] = "elastic")), "unknown regularizer 'elastic'");

    [Fact]
    public void Out_of_range_setting_is_rejected_with_the_layer()
        => AssertRejected(EditHeader(h => EditJson(h, r => r["layers"]![1]!["keep_prob"] = 1.5)), "layers[1]", "keep_prob");

    [Fact]
    public void Missing_tensor_is_named()
        // The dense layer before batch norm has no bias; claiming one makes its tensor missing.
        => AssertRejected(EditHeader(h => EditJson(h, r => r["layers"]![2]!["use_bias"] = true)), "tensor 'layers.2.b' is missing");

    [Fact]
    public void Unexpected_tensor_is_named()
        => AssertRejected(EditHeader(h => EditJson(h, r => r["layers"]![0]!["use_bias"] = false)), "unexpected tensor 'layers.0.b'");

    [Fact]
    public void Shape_mismatch_names_the_tensor_and_both_shapes()
        => AssertRejected(EditHeader(h => EditJson(h, r => Tensor(r, "layers.0.W")["shape"] = new JsonArray(4, 6))),
            "tensor 'layers.0.W'", "[4, 6]", "[6, 4]");

    [Fact]
    public void Inconsistent_tensor_length_is_rejected()
        => AssertRejected(EditHeader(h => EditJson(h, r => Tensor(r, "layers.0.W")["length"] = 12)), "tensor 'layers.0.W'", "12 bytes");

    [Fact]
    public void Truncated_data_is_rejected()
    {
        byte[] bytes = File.ReadAllBytes(Saved());
        string path = PathOf("short.bpm");
        File.WriteAllBytes(path, bytes[..^100]);
        AssertRejected(path, "data truncated");
        File.WriteAllBytes(path, bytes[..10]);
        AssertRejected(path, "truncated");
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        byte[] bytes = File.ReadAllBytes(Saved());
        string path = PathOf("long.bpm");
        File.WriteAllBytes(path, [.. bytes, 0]);
        AssertRejected(path, "unexpected bytes");
    }

    [Fact]
    public void Flipped_data_byte_fails_the_checksum()
        => AssertRejected(Corrupt(b => b[^40] ^= 0x01), "checksum mismatch");

    [Fact]
    public void Flipped_checksum_byte_fails_the_checksum()
        => AssertRejected(Corrupt(b => b[^1] ^= 0x80), "checksum mismatch");

    // ---- Model files and checkpoints word field errors alike ------------------------------------

    [Fact]
    public void Model_and_checkpoint_readers_word_the_same_field_error_the_same_way()
    {
        AssertWordedAlike("field '{field}' must be a number, not a string.",
            r => r["input_size"] = "4", "input_size", c => c["epoch"] = "4", "checkpoint.epoch");
        AssertWordedAlike("field '{field}' is missing.",
            r => r.Remove("input_size"), "input_size", c => c.Remove("epoch"), "checkpoint.epoch");
        AssertWordedAlike("field '{field}' must be a boolean, not a number.",
            r => r["layers"]![0]!["use_bias"] = 1, "layers[0].use_bias", c => c["stopped"] = 1, "checkpoint.stopped");
        AssertWordedAlike("field '{field}' is missing.",
            r => r["layers"]![0]!.AsObject().Remove("use_bias"), "layers[0].use_bias", c => c.Remove("stopped"), "checkpoint.stopped");
        AssertWordedAlike("field '{field}' must be a non-negative integer, not -1.",
            r => r["tensors"]![0]!["offset"] = -1, "tensors[0].offset", c => c["optimizer"]!["steps"] = -1, "checkpoint.optimizer.steps");
        AssertWordedAlike("field '{field}' must be an object, not an array.",
            r => r["normalizer"] = new JsonArray(), "normalizer", c => c["schedule"] = new JsonArray(), "checkpoint.schedule");
        AssertWordedAlike("field '{field}' must be a string, not a number.",
            r => r["class_names"]![1] = 1, "class_names[1]", c => c["schedule"] = new JsonObject { ["name"] = 1 }, "checkpoint.schedule.name");
        AssertWordedAlike("unknown field '{field}'.",
            r => r["kernel"] = 3, "kernel", c => c["kernel"] = 3, "checkpoint.kernel");
    }

    /// <summary>
    /// Makes one mistake in a model file's header and the same kind of mistake in a checkpoint object added to
    /// it, and checks that both errors read <paramref name="problem"/> after the file, each with its own field.
    /// </summary>
    private void AssertWordedAlike(string problem, Action<JsonObject> editModel, string modelField, Action<JsonObject> editCheckpoint, string checkpointField)
    {
        string model = EditHeader(h => EditJson(h, editModel));
        Assert.Equal($"Model file '{model}': {problem.Replace("{field}", modelField, StringComparison.Ordinal)}",
            Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(model)).Message);

        // The reader checks the fields in this order, so a mistake in any of them is the first one it meets.
        var checkpoint = new JsonObject
        {
            ["epoch"] = 4,
            ["stopped"] = false,
            ["optimizer"] = new JsonObject { ["kind"] = "Adam", ["name"] = "Adam", ["steps"] = 8 },
            ["frozen"] = new JsonArray(),
        };
        editCheckpoint(checkpoint);
        string file = EditHeader(h => EditJson(h, r => r["checkpoint"] = checkpoint));
        Assert.Equal($"Checkpoint file '{file}': {problem.Replace("{field}", checkpointField, StringComparison.Ordinal)}",
            Assert.Throws<InvalidDataException>(() => CheckpointFile.Load<float>(file)).Message);
    }

    /// <summary>Passes writes through until <c>failAfter</c> bytes, then throws, as a full disk would.</summary>
    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > failAfter)
                throw new IOException("Simulated write failure (disk full).");
            inner.Write(buffer);
            _written += buffer.Length;
        }
    }
}
