using System.Text.Json;
using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>
/// Reads a <see cref="TrainingSpec"/> from JSON strictly: every object accepts only its documented fields,
/// every value must have its documented type, and every error names the field's JSON path and the source.
/// </summary>
internal sealed class SpecReader(string source)
{
    private readonly SpecValidator _validator = new(source);

    public TrainingSpec Read(string json)
    {
        JsonDocument document;
        try
        {
            // Comments and trailing commas are refused so that a spec means the same to every JSON tool.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not valid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            var root = new Fields(this, document.RootElement, "", "task", "output", "layers", "regularization", "normalize_inputs",
                "optimizer", "schedule", "gradient_clipping", "batch_size", "epochs", "seed", "early_stopping");
            var spec = new TrainingSpec
            {
                Task = root.Enum("task", SpecNames.Tasks),
                Output = root.Object("output") is { } output ? Output(output) : null,
                Layers = root.Array("layers") is { } layers ? [.. layers.Select(l => Layer(l.Element, l.Path))] : [],
                Regularization = root.Object("regularization") is { } r ? Regularization(r) : null,
                NormalizeInputs = root.Bool("normalize_inputs") ?? false,
                Optimizer = root.Object("optimizer") is { } o ? Optimizer(o) : new OptimizerSpec(),
                Schedule = root.Object("schedule") is { } s ? Schedule(s) : null,
                GradientClipping = root.Object("gradient_clipping") is { } c ? Clipping(c) : null,
                BatchSize = root.Int("batch_size"),
                Epochs = root.Int("epochs") ?? 100,
                Seed = root.ULong("seed") ?? 1,
                EarlyStopping = root.Object("early_stopping") is { } e ? EarlyStopping(e) : null,
            };
            _validator.Validate(spec);
            return spec;
        }
    }

    private InvalidDataException Error(string path, string message) => _validator.Error(path, message);

    private OutputSpec Output(Fields f)
    {
        var activation = f.Enum("activation", SpecNames.Activations);
        var initializer = f.Enum("initializer", SpecNames.Initializers) ?? InitializerKind.Xavier;
        return new OutputSpec
        {
            Activation = activation,
            LeakySlope = f.DoubleOnly("leaky_slope", activation == ActivationKind.LeakyRelu, "activation is leaky_relu") ?? 0.01,
            Loss = f.Enum("loss", SpecNames.Losses),
            Initializer = initializer,
            InitScale = f.DoubleOnly("init_scale", initializer == InitializerKind.Random, "initializer is random") ?? 0.01,
        };
    }

    private LayerSpec Layer(JsonElement element, string path)
    {
        var f = new Fields(this, element, path, "units", "activation", "leaky_slope", "initializer", "init_scale", "batch_norm", "keep_prob");
        var activation = f.Enum("activation", SpecNames.Activations) ?? ActivationKind.Relu;
        var initializer = f.Enum("initializer", SpecNames.Initializers) ?? InitializerKind.He;
        return new LayerSpec
        {
            Units = f.Int("units") ?? throw Error(f.PathOf("units"), "is required."),
            Activation = activation,
            LeakySlope = f.DoubleOnly("leaky_slope", activation == ActivationKind.LeakyRelu, "activation is leaky_relu") ?? 0.01,
            Initializer = initializer,
            InitScale = f.DoubleOnly("init_scale", initializer == InitializerKind.Random, "initializer is random") ?? 0.01,
            BatchNorm = BatchNorm(f),
            KeepProb = f.Double("keep_prob") ?? 1,
        };
    }

    private BatchNormOptions? BatchNorm(Fields layer)
    {
        if (layer.Get("batch_norm") is not { } element)
            return null;
        string path = layer.PathOf("batch_norm");
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return element.ValueKind == JsonValueKind.True ? BatchNormOptions.Default : null;
        var f = new Fields(this, element, path, "momentum", "epsilon", "unbiased_running_variance");
        var defaults = BatchNormOptions.Default;
        return new BatchNormOptions
        {
            Momentum = f.Double("momentum") ?? defaults.Momentum,
            Epsilon = f.Double("epsilon") ?? defaults.Epsilon,
            UnbiasedRunningVariance = f.Bool("unbiased_running_variance") ?? defaults.UnbiasedRunningVariance,
        };
    }

    private RegularizationSpec Regularization(Fields f) => new()
    {
        Kind = f.Enum("kind", SpecNames.Regularizations) ?? RegularizationKind.L2,
        Lambda = f.Double("lambda") ?? throw Error(f.PathOf("lambda"), "is required."),
    };

    private OptimizerSpec Optimizer(Fields f)
    {
        var spec = new OptimizerSpec { Kind = f.Enum("kind", SpecNames.Optimizers) ?? OptimizerKind.Adam };
        string kind = SpecNames.Optimizers.NameOf(spec.Kind);
        f.AllowOnly(spec.Applies, $"does not apply to the {kind} optimizer");
        return spec with
        {
            LearningRate = f.Double("learning_rate"),
            Beta = f.Double("beta") ?? spec.Beta,
            Beta1 = f.Double("beta1") ?? spec.Beta1,
            Beta2 = f.Double("beta2") ?? spec.Beta2,
            Epsilon = f.Double("epsilon") ?? spec.Epsilon,
            WeightDecay = f.Double("weight_decay") ?? spec.WeightDecay,
        };
    }

    private ScheduleSpec Schedule(Fields f)
    {
        var spec = new ScheduleSpec { Kind = f.Enum("kind", SpecNames.Schedules) ?? throw Error(f.PathOf("kind"), $"is required: one of {SpecNames.Schedules.Choices}.") };
        string kind = SpecNames.Schedules.NameOf(spec.Kind);
        f.AllowOnly(spec.Applies, $"does not apply to the {kind} schedule");
        return spec with
        {
            DecayRate = f.Double("decay_rate") ?? spec.DecayRate,
            K = f.Double("k"),
            Factor = f.Double("factor"),
            StepEpochs = f.Int("step_epochs") ?? spec.StepEpochs,
            TimeInterval = f.Int("time_interval") ?? spec.TimeInterval,
            Patience = f.Int("patience") ?? spec.Patience,
            MinDelta = f.Double("min_delta") ?? spec.MinDelta,
            MinRate = f.Double("min_rate") ?? spec.MinRate,
            Cooldown = f.Int("cooldown") ?? spec.Cooldown,
            AfterEpochUpdate = f.Bool("after_epoch_update") ?? false,
        };
    }

    private ClippingSpec Clipping(Fields f) => new()
    {
        Kind = f.Enum("kind", SpecNames.Clippings) ?? ClippingKind.Norm,
        Threshold = f.Double("threshold") ?? throw Error(f.PathOf("threshold"), "is required."),
    };

    private static EarlyStoppingSpec EarlyStopping(Fields f) => new()
    {
        Metric = f.Enum("metric", SpecNames.Metrics) ?? Training.TrainingMetric.DevCost,
        Patience = f.Int("patience") ?? 0,
        MinDelta = f.Double("min_delta") ?? 0,
        Baseline = f.Double("baseline"),
        RestoreBestWeights = f.Bool("restore_best_weights") ?? false,
        StartFromEpoch = f.Int("start_from_epoch") ?? 0,
    };

    /// <summary>
    /// The fields of one JSON object, checked against the names it may hold. A JSON null reads as an absent
    /// field, so optional values can be written either way.
    /// </summary>
    private sealed class Fields
    {
        private readonly SpecReader _reader;
        private readonly string _path;
        private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);

        public Fields(SpecReader reader, JsonElement element, string path, params string[] allowed)
        {
            (_reader, _path) = (reader, path);
            if (element.ValueKind != JsonValueKind.Object)
                throw reader.Error(path.Length == 0 ? "(root)" : path, $"expected an object, got {Describe(element)}.");
            foreach (var property in element.EnumerateObject())
            {
                if (System.Array.IndexOf(allowed, property.Name) < 0)
                    throw reader.Error(PathOf(property.Name), $"unknown field; expected one of {string.Join(", ", allowed)}.");
                if (!_values.TryAdd(property.Name, property.Value))
                    throw reader.Error(PathOf(property.Name), "appears more than once.");
            }
        }

        public string PathOf(string name) => _path.Length == 0 ? name : $"{_path}.{name}";

        public JsonElement? Get(string name)
            => _values.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        /// <summary>Rejects every present field for which <paramref name="applies"/> is false.</summary>
        public void AllowOnly(Func<string, bool> applies, string reason)
        {
            foreach (var name in _values.Keys.Order(StringComparer.Ordinal))
                if (!applies(name))
                    throw _reader.Error(PathOf(name), reason + ".");
        }

        public int? Int(string name)
        {
            if (Get(name) is not { } e)
                return null;
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int value))
                throw _reader.Error(PathOf(name), $"expected an integer, got {Describe(e)}.");
            return value;
        }

        public ulong? ULong(string name)
        {
            if (Get(name) is not { } e)
                return null;
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetUInt64(out ulong value))
                throw _reader.Error(PathOf(name), $"expected a non-negative integer, got {Describe(e)}.");
            return value;
        }

        public double? Double(string name)
        {
            if (Get(name) is not { } e)
                return null;
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double value) || !double.IsFinite(value))
                throw _reader.Error(PathOf(name), $"expected a number, got {Describe(e)}.");
            return value;
        }

        /// <summary>A number that may only be given when <paramref name="allowed"/> holds.</summary>
        public double? DoubleOnly(string name, bool allowed, string condition)
        {
            if (!allowed && Get(name) is not null)
                throw _reader.Error(PathOf(name), $"applies only when {condition}.");
            return Double(name);
        }

        public bool? Bool(string name)
        {
            if (Get(name) is not { } e)
                return null;
            return e.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw _reader.Error(PathOf(name), $"expected true or false, got {Describe(e)}."),
            };
        }

        public TEnum? Enum<TEnum>(string name, NameTable<TEnum> names) where TEnum : struct, System.Enum
        {
            if (Get(name) is not { } e)
                return null;
            if (e.ValueKind != JsonValueKind.String)
                throw _reader.Error(PathOf(name), $"expected a string (one of {names.Choices}), got {Describe(e)}.");
            string text = e.GetString()!;
            return names.Find(text) ?? throw _reader.Error(PathOf(name), $"unknown value '{text}'; expected one of {names.Choices}.");
        }

        public Fields? Object(string name) => Get(name) is { } e ? new Fields(_reader, e, PathOf(name), AllowedIn(name)) : null;

        public IEnumerable<(JsonElement Element, string Path)>? Array(string name)
        {
            if (Get(name) is not { } e)
                return null;
            if (e.ValueKind != JsonValueKind.Array)
                throw _reader.Error(PathOf(name), $"expected an array, got {Describe(e)}.");
            string path = PathOf(name);
            return e.EnumerateArray().Select((item, i) => (item, $"{path}[{i}]")).ToList();
        }

        /// <summary>The field names of each nested object; the kind-specific ones are narrowed later by <see cref="AllowOnly"/>.</summary>
        private static string[] AllowedIn(string name) => name switch
        {
            "output" => ["activation", "leaky_slope", "loss", "initializer", "init_scale"],
            "regularization" => ["kind", "lambda"],
            "optimizer" => ["kind", "learning_rate", "beta", "beta1", "beta2", "epsilon", "weight_decay"],
            "schedule" => ["kind", "decay_rate", "k", "factor", "step_epochs", "time_interval", "patience", "min_delta", "min_rate", "cooldown", "after_epoch_update"],
            "gradient_clipping" => ["kind", "threshold"],
            "early_stopping" => ["metric", "patience", "min_delta", "baseline", "restore_best_weights", "start_from_epoch"],
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an object field of the spec."),
        };

        private static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the string \"{e.GetString()}\"",
            JsonValueKind.Number => $"the number {e.GetRawText()}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {e.GetRawText()}",
            _ => "null",
        };
    }
}
