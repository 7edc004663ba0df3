using System.Collections.Concurrent;
using System.Diagnostics;

namespace Backprop.Tuning;

/// <summary>
/// Runs an objective over trials in this process, a few at a time, recording each in an optional
/// <see cref="TrialLog"/> so an interrupted search resumes where it stopped.
/// </summary>
/// <remarks>
/// <para>The objective is the ordinary training loop: build a network from the trial's values, train it
/// with <see cref="Training.Trainer"/> (and <see cref="Training.Callbacks.EarlyStopping"/>), return a score.
/// It must not share mutable state between trials, since trials run concurrently.</para>
/// <para>On resume, trials with a completed (or, unless <see cref="RetryFailed"/>, failed) record are not run
/// again and their logged results are returned; trials only started run again.</para>
/// </remarks>
/// <example><code>
/// var runner = new TuningRunner { DegreeOfParallelism = 2, Log = new TrialLog("trials.jsonl") };
/// var result = runner.Run(RandomSearch.Trials(space, 40, seed: 7), (trial, ct) => Fit(trial, ct));
/// </code></example>
public sealed class TuningRunner
{
    /// <summary>Whether smaller (the default) or larger scores are better.</summary>
    public OptimizationDirection Direction { get; init; } = OptimizationDirection.Minimize;

    /// <summary>How many trials run at once (1 by default). Each trial trains its own network.</summary>
    public int DegreeOfParallelism { get; init; } = 1;

    /// <summary>The durable log to record trials in and resume from; none when null.</summary>
    public TrialLog? Log { get; init; }

    /// <summary>Run failed trials again on resume (off by default: a diverging learning rate fails the same way twice).</summary>
    public bool RetryFailed { get; init; }

    /// <summary>Runs <paramref name="objective"/> on every trial not already finished in the log; returns all results, best first.</summary>
    /// <param name="trials">The trials; ids must be unique.</param>
    /// <param name="objective">Trains and scores one trial. An exception marks the trial failed, except cancellation.</param>
    /// <param name="cancellationToken">Stops starting new trials and is passed to running ones.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DegreeOfParallelism"/> is not positive.</exception>
    /// <exception cref="ArgumentException">Two trials share an id.</exception>
    /// <exception cref="InvalidOperationException">The log holds a trial with the same id but another seed (a different search).</exception>
    /// <exception cref="OperationCanceledException">The search was cancelled; finished trials stay in the log.</exception>
    public TuningResult Run(IReadOnlyList<Trial> trials, Func<Trial, CancellationToken, TrialOutcome> objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(objective);
        if (DegreeOfParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(DegreeOfParallelism), DegreeOfParallelism, "At least one trial must run at a time.");
        if (trials.Select(t => t.Id).Distinct().Count() != trials.Count)
            throw new ArgumentException("Trial ids must be unique within a search.", nameof(trials));

        var finished = Log is null ? [] : FinishedInLog(TrialLog.Read(Log.Path));
        var results = new ConcurrentBag<TrialResult>();
        var pending = new List<Trial>();
        foreach (var trial in trials)
        {
            if (finished.TryGetValue(trial.Id, out var record))
            {
                if (record.Seed != trial.Seed)
                    throw new InvalidOperationException($"Trial log '{Log!.Path}' holds trial {trial.Id} with seed {record.Seed}, but this search's trial {trial.Id} has seed {trial.Seed}; the log belongs to another search (space or seed).");
                if (record.Status == TrialStatus.Completed || !RetryFailed)
                {
                    results.Add(FromRecord(trial, record));
                    continue;
                }
            }
            pending.Add(trial);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = DegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.ForEach(pending, parallel, trial => results.Add(RunOne(trial, objective, cancellationToken)));
        return TuningResult.Rank(results, Direction);
    }

    private TrialResult RunOne(Trial trial, Func<Trial, CancellationToken, TrialOutcome> objective, CancellationToken cancellationToken)
    {
        Log?.Append(Record(trial, TrialStatus.Started));
        var clock = Stopwatch.StartNew();
        TrialOutcome outcome;
        try
        {
            outcome = objective(trial, cancellationToken) ?? throw new InvalidOperationException("The objective returned no outcome.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Left as "started" in the log on purpose, so a resumed search runs it again.
            throw;
        }
        catch (Exception ex)
        {
            var failed = new TrialResult { Trial = trial, Status = TrialStatus.Failed, Score = double.NaN, Duration = clock.Elapsed, Error = $"{ex.GetType().Name}: {ex.Message}" };
            Log?.Append(Record(trial, TrialStatus.Failed) with { Duration = failed.Duration, Error = failed.Error });
            return failed;
        }

        var result = new TrialResult { Trial = trial, Status = TrialStatus.Completed, Score = outcome.Score, Metrics = outcome.Metrics, Duration = clock.Elapsed, Outcome = outcome };
        Log?.Append(Record(trial, TrialStatus.Completed) with { Score = result.Score, Metrics = result.Metrics, Duration = result.Duration });
        return result;
    }

    /// <summary>The last finished (completed or failed) record of each trial; a completed record beats a later failure by another worker.</summary>
    private static Dictionary<int, TrialRecord> FinishedInLog(IReadOnlyList<TrialRecord> records)
    {
        var finished = new Dictionary<int, TrialRecord>();
        foreach (var record in records)
        {
            if (record.Status == TrialStatus.Started)
                continue;
            if (!finished.TryGetValue(record.TrialId, out var seen) || seen.Status != TrialStatus.Completed)
                finished[record.TrialId] = record;
        }
        return finished;
    }

    private static TrialRecord Record(Trial trial, TrialStatus status) => new()
    {
        TrialId = trial.Id,
        Round = trial.Round,
        Seed = trial.Seed,
        Status = status,
        Parameters = trial.Values,
    };

    private static TrialResult FromRecord(Trial trial, TrialRecord record) => new()
    {
        Trial = trial,
        Status = record.Status,
        Score = record.Score,
        Metrics = record.Metrics,
        Duration = record.Duration ?? TimeSpan.Zero,
        Error = record.Error,
        FromLog = true,
    };
}
