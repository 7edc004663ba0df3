using System.CommandLine;
using System.Globalization;
using System.Text;
using Backprop.Cli.Inputs;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Regularization;
using Backprop.Training;
using Backprop.Tuning;
using Backprop.Metrics;

namespace Backprop.Cli.Commands;

/// <summary>
/// What <c>tune</c> and <c>tune-worker</c> share: the flags that define a search, the prepared data, the
/// search's identity (recorded in the trial log so workers of another search are refused), and the trial
/// objective (train a network from the trial's values, score it on the dev set).
/// </summary>
/// <remarks>
/// Recognized parameter names: <c>learning_rate</c>, <c>hidden_units</c> (one hidden layer) or
/// <c>layers</c> (a choice such as "64,32"), <c>activation</c>, <c>optimizer</c>, <c>beta</c> / <c>beta1</c>
/// (momentum, Adam), <c>l2</c>, <c>keep_prob</c>, <c>batch_size</c>, <c>epochs</c>.
/// </remarks>
internal sealed class TuneSearch
{
    private static readonly string[] Known = ["learning_rate", "hidden_units", "layers", "activation", "optimizer", "beta", "beta1", "l2", "keep_prob", "batch_size", "epochs"];

    /// <summary>The flags that define a search (the same for the coordinator and its workers).</summary>
    internal sealed record Settings
    {
        public required FileInfo Space { get; init; }
        public required string Data { get; init; }
        public string? Target { get; init; }
        public DataOptions Formats { get; init; } = new();
        public int Trials { get; init; } = 20;
        public int Parallel { get; init; } = 1;
        public int Rounds { get; init; } = 1;
        public int Epochs { get; init; } = 50;
        public int Seed { get; init; } = 1;
        public double LeaseSeconds { get; init; } = 120;
    }

    /// <summary>The search flags as System.CommandLine options, added to a command and read back.</summary>
    internal sealed class Flags
    {
        public Argument<FileInfo> Space { get; } = new("space") { Description = "The search space as JSON (parameters with uniform, int, choice, log-uniform or one-minus-beta scales)." };
        public Option<string> Data { get; } = new("--data") { Description = "Training data: a CSV file with a header, an HDF5, IDX, .npy or .npz file, or an image folder (see the format flags).", Required = true };
        public Option<string?> Target { get; } = new("--target") { Description = "CSV data: the column to predict." };
        public Option<int> Trials { get; } = new("--trials") { Description = "Trials (per round).", DefaultValueFactory = _ => 20 };
        public Option<int> Parallel { get; } = new("--parallel") { Description = "Trials trained at the same time.", DefaultValueFactory = _ => 1 };
        public Option<int> Rounds { get; } = new("--rounds") { Description = "Coarse-to-fine rounds (1 = plain random search).", DefaultValueFactory = _ => 1 };
        public Option<int> Epochs { get; } = new("--epochs") { Description = "Epochs per trial unless the space has 'epochs'.", DefaultValueFactory = _ => 50 };
        public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the search and the dev split.", DefaultValueFactory = _ => 1 };
        public Option<double> Lease { get; } = new("--lease") { Description = "Seconds a worker's claim on a trial holds without renewal (renewed every third); other machines reclaim a trial after it.", DefaultValueFactory = _ => 120 };

        private DataFlags? _formats;

        public void AddTo(Command command)
        {
            command.Add(Space);
            foreach (var option in new Option[] { Data, Target, Trials, Parallel, Rounds, Epochs, Seed, Lease })
                command.Add(option);
            _formats = DataFlags.AddTo(command);
        }

        public Settings Read(ParseResult parse) => new()
        {
            Space = parse.GetValue(Space)!, Data = parse.GetValue(Data)!, Target = parse.GetValue(Target), Formats = _formats!.Read(parse), Trials = parse.GetValue(Trials),
            Parallel = parse.GetValue(Parallel), Rounds = parse.GetValue(Rounds), Epochs = parse.GetValue(Epochs), Seed = parse.GetValue(Seed),
            LeaseSeconds = parse.GetValue(Lease),
        };
    }

    private readonly Dataset<float> _train;
    private readonly Dataset<float> _dev;
    private readonly int _classes;

    private TuneSearch(Settings settings, SearchSpace space, Dataset<float> train, Dataset<float> dev, TaskKind task, int classes, IReadOnlyDictionary<string, string> identity)
    {
        Given = settings;
        Space = space;
        _train = train;
        _dev = dev;
        Task = task;
        _classes = classes;
        Identity = identity;
    }

    /// <summary>The flags this search was loaded from.</summary>
    public Settings Given { get; }

    public SearchSpace Space { get; }

    public TaskKind Task { get; }

    /// <summary>
    /// Hashes of the space and the data's contents (<see cref="DataFingerprint"/>), the target, seed and epochs,
    /// and the format flags when any were given: what makes two runs the same search.
    /// </summary>
    public IReadOnlyDictionary<string, string> Identity { get; }

    /// <summary>Dev accuracy is maximized; dev cost (regression) minimized.</summary>
    public Goal Goal => Task == TaskKind.Regression ? Goal.Minimize : Goal.Maximize;

    public string Metric => Task == TaskKind.Regression ? "dev_cost" : "dev_accuracy";

    public TimeSpan Lease => TimeSpan.FromSeconds(Given.LeaseSeconds);

    /// <summary>Checks the flags, loads the space and the data, and splits off the dev set (seeded, so every worker gets the same split).</summary>
    /// <exception cref="ArgumentException">A count is below 1 or the space names a parameter tune does not understand.</exception>
    public static TuneSearch Load(Settings s)
    {
        if (s.Trials < 1 || s.Parallel < 1 || s.Rounds < 1 || s.Epochs < 1)
            throw new ArgumentException($"--trials, --parallel, --rounds and --epochs must be at least 1 (got {s.Trials}, {s.Parallel}, {s.Rounds}, {s.Epochs}).");
        if (!(s.LeaseSeconds >= 1) || double.IsInfinity(s.LeaseSeconds))
            throw new ArgumentException($"--lease must be at least 1 second (got {s.LeaseSeconds}).");
        var space = SearchSpaceJson.Load(s.Space.FullName);
        foreach (var p in space.Parameters)
            if (!Known.Contains(p.Name))
                throw new ArgumentException($"{s.Space.Name}: parameter '{p.Name}' is not one tune understands ({string.Join(", ", Known)}).");

        var all = DataLoading.Load(s.Data, s.Target, s.Formats).Data;
        var task = Tasks.Infer(all.Y);
        int classes = task == TaskKind.Multiclass ? Math.Max(all.ClassNames.Count, (int)all.Y.Span.ToArray().Max() + 1) : 1;
        var split = DataSplit.Split(all, new SplitRatios(0.8, 0.2, 0), new FastRandom((ulong)s.Seed), stratify: task != TaskKind.Regression);
        var normalizer = Normalizer.Fit(split.Train);
        var identity = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["space_sha256"] = DataFingerprint.Hash(Encoding.UTF8.GetBytes(SearchSpaceJson.ToJson(space))),
            ["data_sha256"] = DataFingerprint.Of(s.Data, s.Formats),
            ["target"] = s.Target ?? "",
            ["seed"] = s.Seed.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = s.Epochs.ToString(CultureInfo.InvariantCulture),
        };
        // Only for formats with flags, so the logs of CSV searches keep the identity they were written with.
        if (DataFingerprint.Options(s.Formats) is { Length: > 0 } formats)
            identity["data_options"] = formats;
        return new TuneSearch(s, space, Tasks.Prepare(split.Train, normalizer, task, classes), Tasks.Prepare(split.Dev, normalizer, task, classes), task, classes, identity);
    }

    /// <summary>Opens the trial log and ties it to this search (or checks that it already is).</summary>
    /// <exception cref="InvalidDataException">The log belongs to another search, or a line in it is damaged.</exception>
    public TrialLog OpenLog(string path)
    {
        var log = new TrialLog(path);
        log.BindSearch(Identity);
        return log;
    }

    /// <summary>Runs the search (one random round, or coarse-to-fine rounds) with <paramref name="runner"/>.</summary>
    /// <exception cref="InvalidDataException">The log holds trials of another search (a trial with another seed).</exception>
    /// <exception cref="IncompleteSearchException">Trials are left unfinished with no live worker on them.</exception>
    public TuningResult Run(ITrialRunner runner, CancellationToken cancellationToken)
    {
        try
        {
            return Given.Rounds == 1
                ? runner.Run(RandomSearch.Trials(Space, Given.Trials, (ulong)Given.Seed), RunTrial, cancellationToken)
                : new CoarseToFine { Rounds = Given.Rounds, TrialsPerRound = Given.Trials, Seed = (ulong)Given.Seed }.Run(Space, runner, RunTrial, cancellationToken).Result;
        }
        catch (InvalidOperationException ex) when (ex is not IncompleteSearchException)
        {
            // The runner's other refusal is a log written by another search: the user's file, as OpenLog reports it.
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    /// <summary>Trains a network from the trial's values (seeded by the trial) and scores it on the dev set.</summary>
    public TrialOutcome RunTrial(Trial trial, CancellationToken ct)
    {
        var values = trial.Values;
        var sizes = Text(values, "layers") is string layers ? Options.ParseSizes(layers, "layers") : [(int)(Number(values, "hidden_units") ?? 16)];
        var activation = Options.ParseActivation(Text(values, "activation") ?? Options.DefaultActivation, "activation");
        double keep = Number(values, "keep_prob") ?? 1;
        var builder = new NetworkBuilder(_train.Features);
        foreach (int units in sizes)
        {
            builder.Dense(units, activation, Initializer.He);
            if (keep < 1) builder.Dropout(keep);
        }
        Tasks.Output(builder, Task, _classes, Initializer.Xavier);
        if (Number(values, "l2") is double l2 && l2 > 0) builder.WithRegularization(Regularizer.L2(l2));
        var network = builder.Build<float>(new FastRandom(trial.Seed));

        var history = Trainer.Train(network, _train, new TrainingOptions
        {
            Optimizer = TrialOptimizer(values),
            Epochs = (int)(Number(values, "epochs") ?? Given.Epochs),
            BatchSize = (int)(Number(values, "batch_size") ?? 64),
            Seed = trial.Seed,
        }, cancellationToken: ct);
        var (cost, accuracy) = Tasks.Evaluate(network, _dev);
        double score = Task == TaskKind.Regression ? cost : accuracy ?? double.NaN;
        return TrialOutcome.FromHistory(history, score) with
        {
            Metrics = new Dictionary<string, double> { ["dev_cost"] = cost, ["dev_accuracy"] = accuracy ?? double.NaN, ["train_cost"] = history.FinalCost },
        };
    }

    /// <summary>
    /// The optimizer of a trial: <c>optimizer</c>, <c>learning_rate</c>, <c>beta</c> and <c>beta1</c> read by the
    /// parser <c>train</c> uses, so a parameter left out of the space takes train's default.
    /// </summary>
    internal static Optimizer TrialOptimizer(IReadOnlyDictionary<string, object> values)
        => Options.ParseOptimizer(Text(values, "optimizer") ?? Options.DefaultOptimizer, Number(values, "learning_rate"),
            beta: Number(values, "beta"), beta1: Number(values, "beta1"), option: "optimizer");

    private static double? Number(IReadOnlyDictionary<string, object> values, string name)
        => values.TryGetValue(name, out var v) ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;

    private static string? Text(IReadOnlyDictionary<string, object> values, string name)
        => values.TryGetValue(name, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
}
