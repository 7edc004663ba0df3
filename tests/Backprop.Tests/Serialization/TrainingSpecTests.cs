using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Schedules;
using Backprop.Serialization;
using Backprop.Training;
using Backprop.Training.Callbacks;

namespace Backprop.Tests.Serialization;

public sealed class TrainingSpecTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-spec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The example is read from docs/spec.md itself, so the documentation cannot drift from what loads.
    private static string DocExample()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Backprop.slnx")))
            dir = dir.Parent;
        Assert.NotNull(dir);
        string doc = File.ReadAllText(Path.Combine(dir.FullName, "docs", "spec.md"));
        int marker = doc.IndexOf("<!-- spec-example -->", StringComparison.Ordinal);
        int start = doc.IndexOf("```json\n", marker, StringComparison.Ordinal) + "```json\n".Length;
        int end = doc.IndexOf("```", start, StringComparison.Ordinal);
        Assert.True(marker >= 0 && start > marker && end > start);
        return doc[start..end];
    }

    [Fact]
    public void The_documented_example_round_trips_through_a_file()
    {
        var spec = TrainingSpec.Parse(DocExample(), "docs/spec.md");
        string path = Path.Combine(_folder, "spec.json");
        spec.Save(path);
        var again = TrainingSpec.Load(path);
        Assert.Equal(spec, again);
        Assert.Equal(spec.GetHashCode(), again.GetHashCode());
        Assert.Equal(File.ReadAllText(path), again.ToJson());
        Assert.DoesNotContain("\r", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void The_documented_example_builds_the_described_network()
    {
        var spec = TrainingSpec.Parse(DocExample(), "docs/spec.md");
        Assert.Equal(ModelTask.Multiclass, spec.Task);
        var network = spec.BuildNetwork<double>(inputSize: 4, outputs: 3, new FastRandom(spec.Seed));
        Assert.Equal(
        [
            "Dense(4 => 8, Linear, no bias)", "BatchNorm(8, momentum=0.9, ε=1E-05)", "ReLU",
            "Dense(8 => 6, LeakyReLU(0.05))", "Dropout(keep_prob=0.8)",
            "Dense(6 => 4, Tanh)",
            "Dense(4 => 3, Softmax)",
        ], network.Layers.Select(l => l.ToString()!));
        // 4·8 (no bias) + γ, β (2·8) + 8·6 + 6 + 6·4 + 4 + 4·3 + 3.
        Assert.Equal(32 + 16 + 54 + 28 + 15, network.ParameterCount);
        Assert.Same(Loss.CategoricalCrossEntropy, network.Loss);
        Assert.Equal(0.01, network.Regularizer!.Lambda);
        Assert.Equal("L2", network.Regularizer.Name[..2]);
        Assert.True(spec.NormalizeInputs);
    }

    [Fact]
    public void The_documented_example_gives_the_described_options()
    {
        var spec = TrainingSpec.Parse(DocExample(), "docs/spec.md");
        var recorder = new TrainingCallbackProbe();
        var options = spec.CreateOptions([recorder]);
        var adam = Assert.IsType<Adam>(options.Optimizer);
        Assert.Equal((0.01, 0.9, 0.999, 1e-8), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon));
        Assert.Equal(32, options.BatchSize);
        Assert.Equal(50, options.Epochs);
        Assert.Equal(7UL, options.Seed);
        Assert.Equal("ClipByNorm(5)", options.Clipping!.Name);
        var schedule = Assert.IsType<AfterEpochUpdate>(options.Schedule);
        Assert.IsType<ExponentialDecay>(schedule.Inner);
        Assert.Equal(0.01, schedule.RateAt(0, 0.01));
        Assert.Equal(0.01, schedule.RateAt(1, 0.01));
        Assert.Equal(0.01 * 0.95 * 0.95, schedule.RateAt(3, 0.01), 15);
        Assert.Equal(2, options.Callbacks.Count);
        Assert.Same(recorder, options.Callbacks[0]);
        var stopping = Assert.IsType<EarlyStopping>(options.Callbacks[1]);
        Assert.Equal((TrainingMetric.DevCost, 5, 1e-4, (double?)null, true, 0),
            (stopping.Metric, stopping.Patience, stopping.MinDelta, stopping.Baseline, stopping.RestoreBestWeights, stopping.StartFromEpoch));
    }

    [Theory]
    [InlineData("{\"kind\":\"inverse_time\",\"decay_rate\":1}", 0.1, 0.1 / 4, 0.1 / 11)]
    [InlineData("{\"kind\":\"inverse_sqrt\",\"k\":2}", 0.2, 0.1, 0.2 / 3.3166247903554)]
    [InlineData("{\"kind\":\"staircase\",\"factor\":0.5,\"step_epochs\":2}", 0.1, 0.05, 0.1 / 32)]
    [InlineData("{\"kind\":\"fixed_interval\",\"decay_rate\":1,\"time_interval\":2}", 0.1, 0.05, 0.1 / 6)]
    [InlineData("{\"kind\":\"inverse_time\",\"decay_rate\":1,\"after_epoch_update\":true}", 0.1, 0.1 / 3, 0.1 / 10)]
    [InlineData("{\"kind\":\"reduce_on_plateau\",\"factor\":0.5,\"patience\":2}", 0.1, 0.1, 0.1)]
    public void Each_schedule_gives_its_rates(string schedule, double at0, double at3, double at10)
    {
        var spec = TrainingSpec.Parse($"{{\"optimizer\":{{\"kind\":\"gd\",\"learning_rate\":0.1}},\"schedule\":{schedule}}}");
        var created = spec.CreateOptions().Schedule!;
        Assert.Equal(at0, created.RateAt(0, 0.1), 12);
        Assert.Equal(at3, created.RateAt(3, 0.1), 12);
        Assert.Equal(at10, created.RateAt(10, 0.1), 12);
        Assert.Equal(spec, TrainingSpec.Parse(spec.ToJson()));
    }

    [Theory]
    [InlineData("{\"kind\":\"gd\"}", typeof(GradientDescent), 0.01)]
    [InlineData("{\"kind\":\"momentum\",\"beta\":0.8}", typeof(Momentum), 0.01)]
    [InlineData("{\"kind\":\"nesterov\",\"learning_rate\":0.2}", typeof(Nesterov), 0.2)]
    [InlineData("{\"kind\":\"rmsprop\",\"beta2\":0.9,\"epsilon\":1e-7}", typeof(RmsProp), 0.001)]
    [InlineData("{\"kind\":\"adamw\",\"weight_decay\":0.1}", typeof(AdamW), 0.001)]
    public void Each_optimizer_is_created_with_its_hyperparameters(string optimizer, Type type, double rate)
    {
        var spec = TrainingSpec.Parse($"{{\"optimizer\":{optimizer}}}");
        var created = spec.CreateOptions().Optimizer;
        Assert.IsType(type, created);
        Assert.Equal(rate, created.LearningRate);
        switch (created)
        {
            case Momentum m: Assert.Equal(0.8, m.Beta); break;
            case RmsProp r: Assert.Equal((0.9, 1e-7), (r.Beta2, r.Epsilon)); break;
            case AdamW w: Assert.Equal(0.1, w.WeightDecay); break;
        }
        Assert.Equal(spec, TrainingSpec.Parse(spec.ToJson()));
    }

    [Fact]
    public void An_empty_spec_is_logistic_regression_with_the_documented_defaults()
    {
        var spec = TrainingSpec.Parse("{}");
        Assert.Equal(new TrainingSpec(), spec);
        Assert.Equal(ModelTask.Binary, spec.EffectiveTask);
        var network = spec.BuildNetwork<double>(3, 1, new FastRandom(1));
        Assert.Equal(["Dense(3 => 1, Sigmoid)"], network.Layers.Select(l => l.ToString()!));
        Assert.Equal(4, network.ParameterCount);
        var options = spec.CreateOptions();
        Assert.Equal((100, (int?)null, 1UL, 0.001), (options.Epochs, options.BatchSize, options.Seed, options.Optimizer.LearningRate));
        Assert.IsType<Adam>(options.Optimizer);
        Assert.Null(options.Schedule);
        Assert.Empty(options.Callbacks);
        Assert.Equal(spec, TrainingSpec.Parse(TrainingSpec.Parse("{\"layers\":[]}").ToJson()));
    }

    [Fact]
    public void An_explicit_output_and_loss_replace_the_task()
    {
        var spec = TrainingSpec.Parse("""{"output":{"activation":"linear","loss":"mean_squared_error","initializer":"zeros"},"layers":[{"units":3,"activation":"sigmoid"}]}""");
        Assert.Null(spec.EffectiveTask);
        var network = spec.BuildNetwork<float>(2, 2, new FastRandom(1));
        Assert.Equal(["Dense(2 => 3, Sigmoid)", "Dense(3 => 2, Linear)"], network.Layers.Select(l => l.ToString()!));
        Assert.Same(Loss.MeanSquaredError, network.Loss);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingSpec.Parse("{\"task\":\"binary\"}").CreateBuilder(2, 3));
    }

    [Theory]
    [InlineData("""{"epochs":10,"colour":"red"}""", "colour")]
    [InlineData("""{"layers":[{"units":4},{"units":"3"}]}""", "layers[1].units")]
    [InlineData("""{"layers":[{"units":4},{"units":3,"keep_prob":1.5}]}""", "layers[1].keep_prob")]
    [InlineData("""{"layers":[{"units":4,"dropout":0.5}]}""", "layers[0].dropout")]
    [InlineData("""{"layers":[{"units":0}]}""", "layers[0].units")]
    [InlineData("""{"layers":[{"activation":"relu"}]}""", "layers[0].units")]
    [InlineData("""{"layers":[{"units":4,"activation":"swish"}]}""", "layers[0].activation")]
    [InlineData("""{"layers":[{"units":4,"activation":"softmax"}]}""", "layers[0].activation")]
    [InlineData("""{"layers":[{"units":4,"activation":"relu","leaky_slope":0.1}]}""", "layers[0].leaky_slope")]
    [InlineData("""{"layers":[{"units":4,"activation":"leaky_relu","leaky_slope":1}]}""", "layers[0].leaky_slope")]
    [InlineData("""{"layers":[{"units":4,"batch_norm":{"momentum":1}}]}""", "layers[0].batch_norm.momentum")]
    [InlineData("""{"layers":[{"units":4,"batch_norm":"yes"}]}""", "layers[0].batch_norm")]
    [InlineData("""{"layers":{"units":4}}""", "layers")]
    [InlineData("""{"regularization":{"kind":"l2","lambda":-1}}""", "regularization.lambda")]
    [InlineData("""{"regularization":{"kind":"l3","lambda":1}}""", "regularization.kind")]
    [InlineData("""{"optimizer":{"kind":"adam","beta1":1.0}}""", "optimizer.beta1")]
    [InlineData("""{"optimizer":{"kind":"momentum","beta":1.0}}""", "optimizer.beta")]
    [InlineData("""{"optimizer":{"kind":"adam","epsilon":0}}""", "optimizer.epsilon")]
    [InlineData("""{"optimizer":{"kind":"adam","learning_rate":0}}""", "optimizer.learning_rate")]
    [InlineData("""{"optimizer":{"kind":"momentum","beta1":0.9}}""", "optimizer.beta1")]
    [InlineData("""{"optimizer":{"kind":"lion"}}""", "optimizer.kind")]
    [InlineData("""{"optimizer":{"kind":3}}""", "optimizer.kind")]
    [InlineData("""{"schedule":{"kind":"cosine"}}""", "schedule.kind")]
    [InlineData("""{"schedule":{"decay_rate":1}}""", "schedule.kind")]
    [InlineData("""{"schedule":{"kind":"exponential","k":1.5}}""", "schedule.k")]
    [InlineData("""{"schedule":{"kind":"exponential","decay_rate":1}}""", "schedule.decay_rate")]
    [InlineData("""{"schedule":{"kind":"staircase","step_epochs":0}}""", "schedule.step_epochs")]
    [InlineData("""{"gradient_clipping":{"kind":"norm","threshold":0}}""", "gradient_clipping.threshold")]
    [InlineData("""{"batch_size":0}""", "batch_size")]
    [InlineData("""{"batch_size":"64"}""", "batch_size")]
    [InlineData("""{"epochs":1.5}""", "epochs")]
    [InlineData("""{"seed":-1}""", "seed")]
    [InlineData("""{"normalize_inputs":1}""", "normalize_inputs")]
    [InlineData("""{"task":"ranking"}""", "task")]
    [InlineData("""{"task":"binary","output":{"activation":"softmax","loss":"categorical_cross_entropy"}}""", "output.activation")]
    [InlineData("""{"output":{"activation":"softmax","loss":"binary_cross_entropy"}}""", "output.loss")]
    [InlineData("""{"output":{"activation":"sigmoid"}}""", "output.loss")]
    [InlineData("""{"early_stopping":{"metric":"dev_loss"}}""", "early_stopping.metric")]
    [InlineData("""{"early_stopping":{"patience":-1}}""", "early_stopping.patience")]
    [InlineData("""{"epochs":1,"epochs":2}""", "epochs")]
    [InlineData("""[1,2]""", "(root)")]
    public void A_bad_field_is_reported_with_its_path_and_source(string json, string path)
    {
        var error = Assert.Throws<InvalidDataException>(() => TrainingSpec.Parse(json, "bad.json"));
        Assert.StartsWith($"bad.json: {path}: ", error.Message);
    }

    [Fact]
    public void Load_names_the_file_and_rejects_malformed_json()
    {
        string path = Path.Combine(_folder, "broken.json");
        File.WriteAllText(path, "{\"epochs\": 10,}");
        var error = Assert.Throws<InvalidDataException>(() => TrainingSpec.Load(path));
        Assert.StartsWith($"{path}: not valid JSON", error.Message);
        File.WriteAllText(path, "{\"layers\":[{\"units\":2,\"keep_prob\":1.5}]}");
        error = Assert.Throws<InvalidDataException>(() => TrainingSpec.Load(path));
        Assert.StartsWith($"{path}: layers[0].keep_prob: must be in (0, 1]; got 1.5.", error.Message);
    }

    [Fact]
    public void Save_refuses_an_invalid_spec_and_leaves_no_file()
    {
        string path = Path.Combine(_folder, "invalid.json");
        var spec = new TrainingSpec { Layers = [new LayerSpec { Units = 3, KeepProb = 0 }] };
        var error = Assert.Throws<InvalidDataException>(() => spec.Save(path));
        Assert.Contains("layers[0].keep_prob", error.Message);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_spec_trains_a_small_network_end_to_end()
    {
        var spec = TrainingSpec.Parse("""
            {
              "task": "binary",
              "layers": [{ "units": 8, "activation": "tanh", "initializer": "xavier" }],
              "normalize_inputs": true,
              "optimizer": { "kind": "adam", "learning_rate": 0.02 },
              "schedule": { "kind": "inverse_time", "decay_rate": 0.01 },
              "batch_size": 64,
              "epochs": 150,
              "seed": 3,
              "early_stopping": { "metric": "train_cost", "patience": 20, "restore_best_weights": true }
            }
            """, "inline");
        var data = PlanarFlower.Generate<double>(new NumPyRandom(1));
        var normalizer = spec.CreateNormalizer(data);
        Assert.NotNull(normalizer);
        data = normalizer.Transform(data);
        var network = spec.BuildNetwork<double>(data.Features, 1, new FastRandom(spec.Seed));
        double before = Trainer.Evaluate(network, data).Cost;
        var history = Trainer.Train(network, data, spec.CreateOptions());
        var (cost, accuracy) = Trainer.Evaluate(network, data);
        Assert.True(history.Epochs > 0);
        Assert.True(cost < before / 2, $"cost {before} → {cost}");
        Assert.True(accuracy > 0.85, $"accuracy {accuracy}");
    }

    /// <summary>A callback that does nothing, to check where the caller's callbacks go.</summary>
    private sealed class TrainingCallbackProbe : TrainingCallback;
}
