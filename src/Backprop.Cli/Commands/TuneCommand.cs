using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Regularization;
using Backprop.Training;
using Backprop.Tuning;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop tune SPACE.json</c>: random search (or coarse-to-fine with --rounds) over a named search space,
/// each trial training a network on the CSV data and scored by its dev accuracy (classification) or
/// dev cost (regression). Trials run in parallel in this process and are appended to a durable log,
/// so an interrupted search resumes where it stopped.
/// </summary>
/// <remarks>
/// Recognized parameter names: <c>learning_rate</c>, <c>hidden_units</c> (one hidden layer) or
/// <c>layers</c> (a choice such as "64,32"), <c>activation</c>, <c>optimizer</c>, <c>beta</c> / <c>beta1</c>
/// (momentum, Adam), <c>l2</c>, <c>keep_prob</c>, <c>batch_size</c>, <c>epochs</c>.
/// </remarks>
internal static class TuneCommand
{
    private static readonly string[] Known = ["learning_rate", "hidden_units", "layers", "activation", "optimizer", "beta", "beta1", "l2", "keep_prob", "batch_size", "epochs"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var spaceArgument = new Argument<FileInfo>("space") { Description = "The search space as JSON (parameters with uniform, int, choice, log-uniform or one-minus-beta scales)." };
        var data = new Option<string>("--data") { Description = "Training data (CSV with a header).", Required = true };
        var target = new Option<string>("--target") { Description = "The column to predict.", Required = true };
        var trials = new Option<int>("--trials") { Description = "Trials (per round).", DefaultValueFactory = _ => 20 };
        var parallel = new Option<int>("--parallel") { Description = "Trials trained at the same time.", DefaultValueFactory = _ => 1 };
        var rounds = new Option<int>("--rounds") { Description = "Coarse-to-fine rounds (1 = plain random search).", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per trial unless the space has 'epochs'.", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Seed of the search and the dev split.", DefaultValueFactory = _ => 1 };
        var log = new Option<string?>("--log") { Description = "Trial log (JSON lines); reused to resume. Default: tune-log.jsonl next to --out." };
        var outDir = new Option<string>("--out") { Description = "Folder for results.csv, results.json and the log.", DefaultValueFactory = _ => "backprop-tune" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var command = new Command("tune", "Search hyperparameters (random or coarse-to-fine) with a resumable trial log.\n\nExample:\n  backprop tune space.json --data train.csv --target y --trials 30 --parallel 2 --rounds 2")
        {
            spaceArgument, data, target, trials, parallel, rounds, epochs, seed, log, outDir, json,
        };
        command.SetAction((parse, ct) => Task.FromResult(Run(parse.GetValue(spaceArgument)!, parse.GetValue(data)!, parse.GetValue(target)!, parse.GetValue(trials),
            parse.GetValue(parallel), parse.GetValue(rounds), parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(log), parse.GetValue(outDir)!,
            parse.GetValue(json), output, ct)));
        return command;
    }

    internal static int Run(FileInfo spaceFile, string dataPath, string target, int trials, int parallel, int rounds, int epochs, int seed,
        string? logPath, string outDir, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        if (trials < 1 || parallel < 1 || rounds < 1 || epochs < 1)
            throw new ArgumentException($"--trials, --parallel, --rounds and --epochs must be at least 1 (got {trials}, {parallel}, {rounds}, {epochs}).");
        var space = SearchSpaceJson.Load(spaceFile.FullName);
        foreach (var p in space.Parameters)
            if (!Known.Contains(p.Name))
                throw new ArgumentException($"{spaceFile.Name}: parameter '{p.Name}' is not one tune understands ({string.Join(", ", Known)}).");

        var all = CsvFile.ReadDataset<float>(dataPath, target);
        var task = Tasks.Infer(all.Y);
        int classes = task == TaskKind.Multiclass ? Math.Max(all.ClassNames.Count, (int)all.Y.Span.ToArray().Max() + 1) : 1;
        var split = DataSplit.Split(all, new SplitRatios(0.8, 0.2, 0), new FastRandom((ulong)seed), stratify: task != TaskKind.Regression);
        var normalizer = Normalizer.Fit(split.Train);
        var train = Tasks.Encode(normalizer.Transform(split.Train), task, classes);
        var dev = Tasks.Encode(normalizer.Transform(split.Dev), task, classes);

        Directory.CreateDirectory(outDir);
        var runner = new TuningRunner
        {
            Direction = task == TaskKind.Regression ? OptimizationDirection.Minimize : OptimizationDirection.Maximize,
            DegreeOfParallelism = parallel,
            Log = new TrialLog(logPath ?? Path.Combine(outDir, "tune-log.jsonl")),
        };
        TrialOutcome Objective(Trial trial, CancellationToken ct) => RunTrial(trial, train, dev, task, classes, epochs, ct);
        var result = rounds == 1
            ? runner.Run(RandomSearch.Trials(space, trials, (ulong)seed), Objective, cancellationToken)
            : new CoarseToFine { Rounds = rounds, TrialsPerRound = trials, Seed = (ulong)seed }.Run(space, runner, Objective, cancellationToken).Result;
        ResultsTable.WriteCsv(result, Path.Combine(outDir, "results.csv"));
        ResultsTable.WriteJson(result, Path.Combine(outDir, "results.json"));

        var best = result.Best;
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["metric"] = task == TaskKind.Regression ? "dev_cost" : "dev_accuracy",
                ["trials"] = result.Results.Count,
                ["completed"] = result.Results.Count(r => r.Status == TrialStatus.Completed),
                ["best_score"] = best?.Score,
                ["best"] = best?.Trial.Values.ToDictionary(v => v.Key, v => v.Value),
                ["results"] = Path.GetFullPath(Path.Combine(outDir, "results.csv")),
            }));
        }
        else
        {
            output.WriteLine($"{result.Results.Count} trials ({result.Results.Count(r => r.FromLog)} from the log); best first:");
            foreach (var r in result.Results.Take(5))
                output.WriteLine($"  {r}");
            output.WriteLine($"Results: {Path.GetFullPath(Path.Combine(outDir, "results.csv"))}");
        }
        return 0;
    }

    private static TrialOutcome RunTrial(Trial trial, Dataset<float> train, Dataset<float> dev, TaskKind task, int classes, int defaultEpochs, CancellationToken ct)
    {
        double? Number(string name) => trial.Values.TryGetValue(name, out var v) ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;
        string? Text(string name) => trial.Values.TryGetValue(name, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

        var sizes = Text("layers") is string layers ? layers.Split(',').Select(x => int.Parse(x.Trim(), CultureInfo.InvariantCulture)).ToArray()
            : [(int)(Number("hidden_units") ?? 16)];
        if (!Options.TryParseActivation(Text("activation") ?? "relu", out var activation, TextWriter.Null))
            throw new ArgumentException($"activation '{Text("activation")}' is not known.");
        double keep = Number("keep_prob") ?? 1;
        var builder = new NetworkBuilder(train.Features);
        foreach (int units in sizes)
        {
            builder.Dense(units, activation, Initializer.He);
            if (keep < 1) builder.Dropout(keep);
        }
        Tasks.Output(builder, task, classes, Initializer.Xavier);
        if (Number("l2") is double l2 && l2 > 0) builder.WithRegularization(Regularizer.L2(l2));
        var network = builder.Build<float>(new FastRandom(trial.Seed));

        double lr = Number("learning_rate") ?? 0.001;
        Optimizer optimizer = (Text("optimizer") ?? "adam").ToLowerInvariant() switch
        {
            "gd" => new GradientDescent(lr),
            "momentum" => new Momentum(lr, Number("beta") ?? 0.9),
            "rmsprop" => new RmsProp(lr),
            "adamw" => new AdamW(lr, Number("beta1") ?? 0.9),
            "adam" => new Adam(lr, Number("beta1") ?? 0.9),
            var other => throw new ArgumentException($"optimizer '{other}' is not known."),
        };
        var history = Trainer.Train(network, train, new TrainingOptions
        {
            Optimizer = optimizer,
            Epochs = (int)(Number("epochs") ?? defaultEpochs),
            BatchSize = (int)(Number("batch_size") ?? 64),
            Seed = trial.Seed,
        }, cancellationToken: ct);
        var (cost, accuracy) = Tasks.Evaluate(network, dev);
        double score = task == TaskKind.Regression ? cost : accuracy ?? double.NaN;
        return TrialOutcome.FromHistory(history, score) with
        {
            Metrics = new Dictionary<string, double> { ["dev_cost"] = cost, ["dev_accuracy"] = accuracy ?? double.NaN, ["train_cost"] = history.FinalCost },
        };
    }
}
