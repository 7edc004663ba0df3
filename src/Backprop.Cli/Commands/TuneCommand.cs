using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Backprop.Cli.Charts;
using Backprop.Tuning;
using Backprop.Metrics;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop tune SPACE.json</c>: random search (or coarse-to-fine with --rounds) over a named search space,
/// each trial training a network on the data (any format train reads) and scored by its dev accuracy (classification) or dev cost
/// (regression). Trials are claimed from and recorded in a durable, shared log, so an interrupted search
/// resumes where it stopped.
/// </summary>
/// <remarks>
/// <c>--workers threads</c> (the default) trains <c>--parallel</c> trials at once in this process.
/// <c>--workers processes</c> is "caviar" mode: this process becomes a coordinator that starts
/// <c>--parallel</c> copies of the tool as <c>tune-worker</c> processes on the same log, waits for them,
/// and collects the results from the log; a worker that crashes or is killed loses only its own trial,
/// which another worker (or a rerun) claims again.
/// </remarks>
internal static class TuneCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var flags = new TuneSearch.Flags();
        var log = new Option<string?>("--log") { Description = "Trial log (JSON lines), shared by all workers; reused to resume. Default: tune-log.jsonl in --out." };
        var outDir = new Option<string>("--out") { Description = "Folder for results.csv, results.json and the log.", DefaultValueFactory = _ => "backprop-tune" };
        var workers = new Option<string>("--workers") { Description = "threads: --parallel trials in this process; processes: --parallel worker processes sharing the log (caviar).", DefaultValueFactory = _ => "threads" };
        var plots = new Option<string?>("--plots") { Description = "Folder for score-vs-hyperparameter PNG charts." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var command = new Command("tune", "Search hyperparameters (random or coarse-to-fine) with a resumable trial log.\n\nExamples:\n  backprop tune space.json --data train.csv --target y --trials 30 --parallel 2 --rounds 2\n  backprop tune space.json --data train.csv --target y --trials 30 --parallel 4 --workers processes --plots plots");
        flags.AddTo(command);
        foreach (var option in new Option[] { log, outDir, workers, plots, json })
            command.Add(option);
        command.SetAction((parse, ct) => Task.FromResult(Run(flags.Read(parse), parse.GetValue(log), parse.GetValue(outDir)!, Processes(parse.GetValue(workers)!),
            parse.GetValue(plots), parse.GetValue(json), output, error, ct)));
        return command;
    }

    // Checked here rather than by the parser, whose message for a wrong choice spans several lines.
    private static bool Processes(string workers) => workers switch
    {
        "processes" => true,
        "threads" => false,
        _ => throw new ArgumentException($"--workers must be threads or processes; got '{workers}'."),
    };

    internal static int Run(TuneSearch.Settings settings, string? logPath, string outDir, bool processes, string? plots, bool json,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var search = TuneSearch.Load(settings);
        Directory.CreateDirectory(outDir);
        logPath = Path.GetFullPath(logPath ?? Path.Combine(outDir, "tune-log.jsonl"));
        var log = search.OpenLog(logPath);

        // A log from another search is the user's error (exit 2); trials no worker finished, a failure (exit 1).
        var result = processes
            ? RunWorkerProcesses(search, log, error, cancellationToken)
            : search.Run(new TuningRunner { Goal = search.Goal, DegreeOfParallelism = settings.Parallel, Log = log, Lease = search.Lease }, cancellationToken);

        string csv = Path.GetFullPath(Path.Combine(outDir, "results.csv"));
        ResultsTable.WriteCsv(result, csv);
        ResultsTable.WriteJson(result, Path.Combine(outDir, "results.json"));
        IReadOnlyList<string> charts = [];
        if (plots is not null)
        {
            Directory.CreateDirectory(plots);
            charts = TuningCharts.Save(result, search.Space, search.Metric, plots);
        }

        var best = result.Best;
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["metric"] = search.Metric,
                ["trials"] = result.Results.Count,
                ["completed"] = result.Results.Count(r => r.Status == TrialStatus.Completed),
                ["best_score"] = best?.Score,
                ["best"] = best?.Trial.Values.ToDictionary(v => v.Key, v => v.Value),
                ["results"] = csv,
                ["log"] = log.Path,
                ["plots"] = charts.Select(Path.GetFullPath).ToArray(),
            }));
        }
        else
        {
            output.WriteLine(processes
                ? $"{result.Results.Count} trials, run by {settings.Parallel} worker processes (log {log.Path}); best first:"
                : $"{result.Results.Count} trials ({result.Results.Count(r => r.FromLog)} from the log); best first:");
            foreach (var r in result.Results.Take(5))
                output.WriteLine($"  {r}");
            output.WriteLine($"Results: {csv}");
            foreach (string chart in charts)
                output.WriteLine($"Chart: {Path.GetFullPath(chart)}");
        }
        return 0;
    }

    // Caviar: start --parallel workers on the log, wait, then collect every trial's result from the log.
    private static TuningResult RunWorkerProcesses(TuneSearch search, TrialLog log, TextWriter error, CancellationToken cancellationToken)
    {
        IReadOnlyList<int> codes;
        IReadOnlyList<int> ids;
        using (var workers = new WorkerProcesses(error))
        {
            for (int i = 0; i < search.Given.Parallel; i++)
                workers.Start(TuneWorkerCommand.Arguments(search.Given, log.Path));
            ids = workers.ProcessIds;
            codes = workers.WaitAll(cancellationToken);
        }
        string Exits() => string.Join(", ", codes.Select((c, i) => (c, i)).Where(w => w.c != 0).Select(w => $"worker {w.i + 1} (pid {ids[w.i]}) exited with code {w.c}"));
        TuningResult result;
        try
        {
            // Waits, too, for trials still held by live workers started by hand on other machines.
            result = search.Run(new TuningRunner { Goal = search.Goal, Log = log, Lease = search.Lease, ClaimTrials = false }, cancellationToken);
        }
        catch (IncompleteSearchException ex) when (codes.Any(c => c != 0))
        {
            throw new IncompleteSearchException($"{ex.Message} ({Exits()})", ex);
        }
        if (codes.Any(c => c != 0))
            error.WriteLine($"backprop tune: {Exits()}; the other workers took over, and every trial is finished in the log.");
        return result;
    }
}
