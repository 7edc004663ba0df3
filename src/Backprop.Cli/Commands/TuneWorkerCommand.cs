using System.CommandLine;
using System.Globalization;
using Backprop.Tuning;
using Backprop.Metrics;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop tune-worker SPACE.json --log LOG …</c>: one worker of a shared search. It claims trials from the
/// log one at a time (<c>--parallel</c> at a time), records each, and exits when every trial of the search is
/// finished. <c>tune --workers processes</c> starts these; they can also be started by hand, on this machine
/// or on others that share the log's folder, with the same search flags.
/// </summary>
internal static class TuneWorkerCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var flags = new TuneSearch.Flags();
        var log = new Option<string>("--log") { Description = "The shared trial log (JSON lines) of the search.", Required = true };
        var command = new Command("tune-worker", "Work on a shared tuning search: claim trials from its log, train them, record them; exit when all are finished.\n\nExample:\n  backprop tune-worker space.json --data /shared/train.csv --target y --trials 30 --log /shared/tune/tune-log.jsonl");
        flags.AddTo(command);
        command.Add(log);
        command.SetAction((parse, ct) => Task.FromResult(Run(flags.Read(parse), parse.GetValue(log)!, output, ct)));
        return command;
    }

    /// <summary>The tune-worker command line for <paramref name="settings"/> on <paramref name="logPath"/>, one trial at a time.</summary>
    public static IEnumerable<string> Arguments(TuneSearch.Settings settings, string logPath) =>
    [
        "tune-worker", settings.Space.FullName, "--data", Path.GetFullPath(settings.Data), .. DataArguments(settings),
        "--trials", Invariant(settings.Trials), "--rounds", Invariant(settings.Rounds), "--epochs", Invariant(settings.Epochs),
        "--seed", Invariant(settings.Seed), "--lease", settings.LeaseSeconds.ToString("R", CultureInfo.InvariantCulture),
        "--parallel", "1", "--log", logPath,
    ];

    internal static int Run(TuneSearch.Settings settings, string logPath, TextWriter output, CancellationToken cancellationToken)
    {
        var search = TuneSearch.Load(settings);
        var log = search.OpenLog(logPath);
        var gate = new Lock();
        void Progress(TrialResult r)
        {
            lock (gate)
                output.WriteLine($"{log.WorkerId}: {r} ({r.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
        }
        // As in tune: a log from another search is the user's error, trials left unfinished a failure.
        var result = search.Run(new TuningRunner { Goal = search.Goal, DegreeOfParallelism = settings.Parallel, Log = log, Lease = search.Lease, TrialFinished = Progress }, cancellationToken);
        output.WriteLine($"{log.WorkerId}: ran {result.Results.Count(r => !r.FromLog)} of {result.Results.Count} trials; every trial is finished.");
        return 0;
    }

    /// <summary>--target and the format flags as given, with the labels file's path made absolute.</summary>
    private static IEnumerable<string> DataArguments(TuneSearch.Settings settings)
    {
        var o = settings.Formats;
        (string Flag, string? Value)[] pairs =
        [
            ("--target", settings.Target), ("--x-key", o.XKey), ("--y-key", o.YKey),
            ("--labels", o.Labels is null ? null : Path.GetFullPath(o.Labels)), ("--image-size", o.ImageSize),
        ];
        foreach (var (flag, value) in pairs)
            if (value is not null)
                yield return $"{flag}={value}";
        if (o.Grayscale)
            yield return "--grayscale";
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
