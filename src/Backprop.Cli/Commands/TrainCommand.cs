using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Backprop.Cli.Charts;
using Backprop.Cli.Inputs;
using Backprop.Cli.Rendering;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Regularization;
using Backprop.Schedules;
using Backprop.Serialization;
using Backprop.Training;
using Backprop.Training.Callbacks;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop train</c>: trains a network from flags or a spec on data in any format <see cref="Inputs.DataLoading"/>
/// reads, reports train/dev/test cost and accuracy, and writes the model (with its class names and input
/// normalization) atomically.
/// </summary>
internal static class TrainCommand
{
    /// <summary>The command's settings, as parsed from the flags.</summary>
    internal sealed record Settings
    {
        public required string Data { get; init; }
        public string? Target { get; init; }
        public DataOptions Formats { get; init; } = new();
        public DataOptions TestFormats { get; init; } = new();
        public string? Test { get; init; }
        public double DevSplit { get; init; }
        public string? Task { get; init; }
        public string Layers { get; init; } = "64,32";
        public string Activation { get; init; } = Options.DefaultActivation;
        public string Init { get; init; } = "he";
        public string Optimizer { get; init; } = Options.DefaultOptimizer;
        public double? LearningRate { get; init; }
        public int Epochs { get; init; } = 100;
        public int? BatchSize { get; init; } = 64;
        public double L2 { get; init; }
        public double KeepProb { get; init; } = 1;
        public bool BatchNorm { get; init; }
        public bool Normalize { get; init; }
        public int? EarlyStopping { get; init; }
        public int Seed { get; init; } = 1;
        public required string Out { get; init; }
        public string? Plots { get; init; }
        public bool Json { get; init; }
        public bool Quiet { get; init; }
        public string? Spec { get; init; }
        public IReadOnlyList<string> ModelFlagsGiven { get; init; } = [];
        public double? DecayRate { get; init; }
        public int? DecayInterval { get; init; }
        public string? CheckpointDir { get; init; }
        public int? CheckpointEvery { get; init; }
        public string? Resume { get; init; }
        public string? From { get; init; }
        public int? Freeze { get; init; }
        /// <summary>Every flag given on the command line (not defaulted), for --resume and --from.</summary>
        public IReadOnlyList<string> FlagsGiven { get; init; } = [];
    }

    /// <summary>Flags that describe the model or its training, which a --spec file replaces.</summary>
    internal static readonly string[] ModelFlags =
        ["--task", "--layers", "--activation", "--init", "--optimizer", "--lr", "--epochs", "--batch-size", "--l2", "--keep-prob", "--batch-norm", "--normalize", "--early-stopping", "--seed", "--decay-rate", "--decay-interval"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var data = new Option<string>("--data") { Description = "Training data: a CSV file with a header, an HDF5, IDX, .npy or .npz file, or an image folder (see the format flags).", Required = true };
        var target = new Option<string?>("--target") { Description = "CSV data: the column to predict." };
        var test = new Option<string?>("--test") { Description = "Test data in the same format (a CSV file with the same columns, …)." };
        var devSplit = new Option<double>("--dev-split") { Description = "Fraction of the training data held out as a dev set (stratified, seeded)." };
        var task = new Option<string?>("--task") { Description = "binary, multiclass or regression (default: inferred from the target)." };
        var layers = new Option<string>("--layers") { Description = "Hidden layer sizes, comma-separated.", DefaultValueFactory = _ => "64,32" };
        var activation = new Option<string>("--activation") { Description = "relu, tanh, sigmoid, leaky-relu or linear.", DefaultValueFactory = _ => Options.DefaultActivation };
        var init = new Option<string>("--init") { Description = "he, xavier, glorot, random or zeros.", DefaultValueFactory = _ => "he" };
        var optimizer = new Option<string>("--optimizer") { Description = "gd, momentum, rmsprop, adam or adamw.", DefaultValueFactory = _ => Options.DefaultOptimizer };
        var lr = new Option<double?>("--lr") { Description = "Learning rate (default 0.001 for adam/adamw/rmsprop, 0.01 otherwise)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 100 };
        var batchSize = new Option<int?>("--batch-size") { Description = "Mini-batch size (0 = the whole set).", DefaultValueFactory = _ => 64 };
        var l2 = new Option<double>("--l2") { Description = "L2 strength λ (cost + λ/(2m)·Σ‖W‖²)." };
        var keepProb = new Option<double>("--keep-prob") { Description = "Dropout keep probability for hidden layers (1 = none).", DefaultValueFactory = _ => 1 };
        var batchNorm = new Option<bool>("--batch-norm") { Description = "Batch-normalize the hidden layers." };
        var normalize = new Option<bool>("--normalize") { Description = "Normalize inputs with the training set's mean and variance (saved with the model)." };
        var earlyStopping = new Option<int?>("--early-stopping") { Description = "Stop after this many epochs without dev-cost improvement (needs --dev-split); restores the best weights." };
        var seed = new Option<int>("--seed") { Description = "Seed of weights, shuffling, dropout and the split.", DefaultValueFactory = _ => 1 };
        var outPath = new Option<string>("--out") { Description = "Model file to write.", Required = true };
        var plots = new Option<string?>("--plots") { Description = "Folder for PNG plots." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout (progress off)." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output." };
        var spec = new Option<string?>("--spec") { Description = "A JSON training specification (docs/spec.md) instead of the model flags." };
        var decayRate = new Option<double?>("--decay-rate") { Description = "Learning-rate decay: α = α₀ / (1 + rate·epoch), or per --decay-interval epochs." };
        var decayInterval = new Option<int?>("--decay-interval") { Description = "With --decay-rate: decay in steps every this many epochs (α₀ / (1 + rate·⌊epoch/interval⌋))." };
        var checkpointDir = new Option<string?>("--checkpoint-dir") { Description = "Folder for training checkpoints: epoch-NNNN.ckpt, best.ckpt (with a dev set) and last.ckpt." };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Write epoch-NNNN.ckpt every this many epochs (needs --checkpoint-dir)." };
        var resume = new Option<string?>("--resume") { Description = "Continue training from a checkpoint (of a run from flags or --spec); the settings default to the checkpoint's, and only lr, epochs, batch size, l2, keep-prob, early stopping and decay may change." };
        var from = new Option<string?>("--from") { Description = "Transfer learning: start from this model's layers with a new output layer for this data." };
        var freeze = new Option<int?>("--freeze") { Description = "With --from: freeze the model's first K hidden layers." };
        var command = new Command("train", "Train a network on CSV, HDF5, IDX, NumPy or image-folder data.\n\nExample:\n  backprop train --data train.csv --target y --layers 20,7,5 --optimizer adam --epochs 200 --dev-split 0.2 --out model.bpmodel")
        {
            data, target, test, devSplit, task, layers, activation, init, optimizer, lr, epochs, batchSize, l2, keepProb,
            batchNorm, normalize, earlyStopping, seed, outPath, plots, json, quiet, spec,
            decayRate, decayInterval, checkpointDir, checkpointEvery, resume, from, freeze,
        };
        var formats = DataFlags.AddTo(command, test: true);
        command.SetAction((parse, ct) => Task.FromResult(Run(new Settings
        {
            Data = parse.GetValue(data)!, Target = parse.GetValue(target), Formats = formats.Read(parse), TestFormats = formats.ReadTest(parse), Test = parse.GetValue(test), DevSplit = parse.GetValue(devSplit),
            Task = parse.GetValue(task), Layers = parse.GetValue(layers)!, Activation = parse.GetValue(activation)!, Init = parse.GetValue(init)!,
            Optimizer = parse.GetValue(optimizer)!, LearningRate = parse.GetValue(lr), Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batchSize),
            L2 = parse.GetValue(l2), KeepProb = parse.GetValue(keepProb), BatchNorm = parse.GetValue(batchNorm), Normalize = parse.GetValue(normalize),
            EarlyStopping = parse.GetValue(earlyStopping), Seed = parse.GetValue(seed), Out = parse.GetValue(outPath)!, Plots = parse.GetValue(plots),
            Json = parse.GetValue(json), Quiet = parse.GetValue(quiet), Spec = parse.GetValue(spec),
            ModelFlagsGiven = command.Options.Where(o => ModelFlags.Contains(o.Name) && parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToArray(),
            DecayRate = parse.GetValue(decayRate), DecayInterval = parse.GetValue(decayInterval), CheckpointDir = parse.GetValue(checkpointDir),
            CheckpointEvery = parse.GetValue(checkpointEvery), Resume = parse.GetValue(resume), From = parse.GetValue(from), Freeze = parse.GetValue(freeze),
            FlagsGiven = command.Options.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToArray(),
        }, output, error, ct)));
        return command;
    }

    /// <summary>Trains as the settings say and reports the result; bad settings or data throw (see <see cref="CommandLine"/>).</summary>
    /// <exception cref="TrainingDivergedException">The cost or a gradient stopped being finite.</exception>
    internal static int Run(Settings s, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var checkpoint = s.Resume is null ? null : CheckpointFile.Load<float>(s.Resume);
        TrainingSpec? spec;
        if (checkpoint is not null)
            (s, spec) = TrainCheckpoints.Merge(s, checkpoint);
        else
        {
            if (s.Freeze is not null && s.From is null)
                throw new ArgumentException("--freeze needs --from MODEL.");
            if (s.Spec is not null && s.ModelFlagsGiven.Count > 0)
                throw new ArgumentException($"{string.Join(", ", s.ModelFlagsGiven)} cannot be combined with --spec; put {(s.ModelFlagsGiven.Count == 1 ? "it" : "them")} in the spec file.");
            spec = s.Spec is null ? null : TrainingSpec.Load(s.Spec);
        }
        if (!(s.DevSplit >= 0 && s.DevSplit < 1)) throw new ArgumentException($"--dev-split must be in [0, 1) (got {s.DevSplit}).");

        var source = DataLoading.Load(s.Data, s.Target, s.Formats);
        var all = source.Data;
        var task = spec?.EffectiveTask switch
        {
            ModelTask.Binary => TaskKind.Binary,
            ModelTask.Multiclass => TaskKind.Multiclass,
            ModelTask.Regression => TaskKind.Regression,
            _ => s.Task is null ? Tasks.Infer(all.Y) : Tasks.Parse(s.Task),
        };
        int classes = task == TaskKind.Multiclass ? Math.Max(all.ClassNames.Count, (int)all.Y.Span.ToArray().Max() + 1) : 1;
        ulong seed = spec?.Seed ?? (ulong)s.Seed;
        var random = new FastRandom(seed);
        Dataset<float> train = all, dev = null!;
        if (s.DevSplit > 0)
        {
            var split = DataSplit.Split(all, new SplitRatios(1 - s.DevSplit, s.DevSplit, 0), random, stratify: task != TaskKind.Regression);
            (train, dev) = (split.Train, split.Dev);
        }
        var test = s.Test is null ? null : DataLoading.AlignClasses(DataLoading.Load(s.Test, s.Target, s.TestFormats).Data, all.ClassNames, s.Test);
        var transferred = checkpoint is null && s.From is not null ? TrainTransfer.Load(s, train.Features, random) : null;
        if (checkpoint is not null)
            TrainCheckpoints.CheckData(checkpoint, s.Data, train.Features, task, classes, all.ClassNames);
        Normalizer? normalizer = checkpoint is not null ? checkpoint.Metadata.Normalizer
            : transferred?.Normalizer is { } kept ? kept
            : spec is not null ? spec.CreateNormalizer(train) : s.Normalize ? Normalizer.Fit(train) : null;
        train = Tasks.Prepare(train, normalizer, task, classes);
        Dataset<float>? devSet = dev is null ? null : Tasks.Prepare(dev, normalizer, task, classes);
        Dataset<float>? testSet = test is null ? null : Tasks.Prepare(test, normalizer, task, classes);

        // A resumed run's charts start from the history its checkpoint carries.
        var recorder = new HistoryRecorder(checkpoint is null ? null : HistoryRecorder.Restore(checkpoint));
        Network<float> network;
        TrainingOptions options;
        if (checkpoint is not null)
        {
            network = TrainCheckpoints.Network(checkpoint, s, spec);
            options = spec is null ? FlagOptions(s, recorder) : SpecOptions(spec, recorder, devSet is not null);
        }
        else if (transferred is not null)
        {
            network = TrainTransfer.Build(transferred, s, task, classes, random);
            options = FlagOptions(s, recorder);
        }
        else if (spec is not null)
        {
            network = spec.BuildNetwork<float>(train.Features, classes, random);
            options = SpecOptions(spec, recorder, devSet is not null);
        }
        else
        {
            options = FlagOptions(s, recorder);
            network = FlagNetwork(s, train.Features, task, classes, random);
        }
        var checkpointing = TrainCheckpoints.Callback(s, devSet is not null, new ModelMetadata
        {
            ClassNames = all.ClassNames,
            Normalizer = normalizer,
            Properties = new LiveProperties(TrainCheckpoints.Describe(s, spec, task, options.Optimizer.LearningRate), HistoryRecorder.Property, () => recorder.Text),
        });
        if (checkpointing is not null)
            options = options with { Callbacks = [.. options.Callbacks, checkpointing] };

        var clock = Stopwatch.StartNew();
        var history = LiveProgress.Run(error, options.Epochs, s.Quiet || s.Json, progress =>
        {
            var run = progress is null ? options : options with { Callbacks = [.. options.Callbacks, progress] };
            return checkpoint is null ? Trainer.Train(network, train, run, devSet, cancellationToken)
                : Trainer.Resume(checkpoint, network, train, run, devSet, cancellationToken);
        });
        double seconds = clock.Elapsed.TotalSeconds;

        ModelFile.Save(network, s.Out, new ModelMetadata
        {
            ClassNames = all.ClassNames,
            Normalizer = normalizer,
            Properties = DataLoading.Describe(source, s.Target, new() { ["task"] = Tasks.Name(task), ["epochs"] = history.Epochs.ToString(CultureInfo.InvariantCulture) }),
        });
        if (s.Plots is not null)
        {
            Directory.CreateDirectory(s.Plots);
            CostChart.Save(recorder, Path.Combine(s.Plots, "cost.png"));
            EpochCharts.SaveLearningRate(recorder, Path.Combine(s.Plots, "learning-rate.png"));
            EpochCharts.SaveDevAccuracy(recorder, Path.Combine(s.Plots, "dev-accuracy.png"));
            if (source.Image is not null && task != TaskKind.Regression)
                MisclassifiedGrid.Save(network, dev ?? all, devSet ?? train, source.Image, all.ClassNames, devSet is null ? "training" : "dev", Path.Combine(s.Plots, "misclassified.png"));
        }

        var trainResult = Tasks.Evaluate(network, train);
        (double Cost, double? Accuracy)? devResult = devSet is null ? null : Tasks.Evaluate(network, devSet);
        (double Cost, double? Accuracy)? testResult = testSet is null ? null : Tasks.Evaluate(network, testSet);
        var result = ResultReport.Create(task, network, trainResult, devResult, testResult, testSet, history.Epochs, Math.Round(seconds, 3), s.Out);
        ResultReport.Print(output, result, s.Json);
        return 0;
    }

    /// <summary>The network the model flags describe.</summary>
    private static Network<float> FlagNetwork(Settings s, int features, TaskKind task, int classes, IRandomSource random)
    {
        int[] hidden = Options.ParseSizes(s.Layers, "--layers");
        var activation = Options.ParseActivation(s.Activation);
        var initializer = Options.ParseInitializer(s.Init);
        var builder = new NetworkBuilder(features);
        foreach (int units in hidden)
        {
            builder.Dense(units, activation, initializer, s.BatchNorm ? BatchNormOptions.Default : null);
            if (s.KeepProb < 1) builder.Dropout(s.KeepProb);
        }
        Tasks.Output(builder, task, classes, Tasks.OutputInitializer(initializer));
        if (s.L2 != 0) builder.WithRegularization(Regularizer.L2(s.L2));
        return builder.Build<float>(random);
    }

    /// <summary>The training options a spec describes, recording into <paramref name="recorder"/>.</summary>
    private static TrainingOptions SpecOptions(TrainingSpec spec, HistoryRecorder recorder, bool hasDev)
    {
        var options = spec.CreateOptions([recorder]);
        if (options.Callbacks.Any(c => c is EarlyStopping e && e.Metric != TrainingMetric.TrainCost) && !hasDev)
            throw new ArgumentException("The spec's early stopping watches a dev metric: add --dev-split.");
        return options;
    }

    /// <summary>The training options the flags describe (also for --resume and --from, whose network comes from a file).</summary>
    private static TrainingOptions FlagOptions(Settings s, HistoryRecorder recorder)
    {
        if (s.Epochs < 1) throw new ArgumentException($"--epochs must be at least 1 (got {s.Epochs}).");
        if (s.BatchSize is < 0) throw new ArgumentException($"--batch-size must be ≥ 0 (got {s.BatchSize}).");
        if (!(s.KeepProb > 0 && s.KeepProb <= 1)) throw new ArgumentException($"--keep-prob must be in (0, 1] (got {s.KeepProb}).");
        if (s.EarlyStopping is not null && s.DevSplit == 0) throw new ArgumentException("--early-stopping needs a dev set: add --dev-split.");
        CheckDecay(s);
        var callbacks = new List<TrainingCallback> { recorder };
        if (s.EarlyStopping is int patience) callbacks.Add(new EarlyStopping(TrainingMetric.DevCost, patience, restoreBestWeights: true));
        var options = new TrainingOptions
        {
            Optimizer = FlagOptimizer(s),
            Epochs = s.Epochs,
            BatchSize = s.BatchSize is null or 0 ? null : s.BatchSize,
            Seed = (ulong)s.Seed,
            Callbacks = callbacks,
            Schedule = s.DecayRate is not double rate ? null
                : s.DecayInterval is int interval ? new FixedIntervalDecay(rate, interval) : new InverseTimeDecay(rate),
        };
        return options;
    }

    /// <summary>--decay-interval only sets the steps of a --decay-rate schedule, so it needs one (flags and resumed specs alike).</summary>
    /// <exception cref="ArgumentException">--decay-interval was given without --decay-rate.</exception>
    internal static void CheckDecay(Settings s)
    {
        if (s.DecayInterval is not null && s.DecayRate is null)
            throw new ArgumentException("--decay-interval needs --decay-rate.");
    }

    /// <summary>The optimizer --optimizer and --lr describe (<see cref="Options.ParseOptimizer"/>, as for <c>tune</c>).</summary>
    internal static Optimizer FlagOptimizer(Settings s) => Options.ParseOptimizer(s.Optimizer, s.LearningRate);
}
