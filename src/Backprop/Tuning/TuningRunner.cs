using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Backprop.Metrics;

namespace Backprop.Tuning;

/// <summary>
/// Runs an objective over trials, a few at a time in this process, claiming each from an optional shared
/// <see cref="TrialLog"/> so that an interrupted search resumes where it stopped and several runners (threads,
/// processes, machines) can work through one search together.
/// </summary>
/// <remarks>
/// <para>The objective is the ordinary training loop: build a network from the trial's values, train it
/// with <see cref="Training.Trainer"/> (and <see cref="Training.Callbacks.EarlyStopping"/>), return a score.
/// It must not share mutable state between trials, since trials run concurrently.</para>
/// <para>With a log, each of the <see cref="DegreeOfParallelism"/> threads repeats: under the log's lock, read
/// the log and append a claim (a <see cref="TrialStatus.Started"/> record with this host, process id and a lease)
/// for the first trial that is neither finished nor held by a live worker (<see cref="TrialClaims"/>); run it,
/// renewing the lease every third of <see cref="Lease"/>; append its completed or failed record. When every
/// trial is claimed but some are still running elsewhere it waits for them, and returns once all are
/// finished. Trials finished by others come back with <see cref="TrialResult.FromLog"/> set; a trial gives
/// the same result whoever runs it, since it depends only on its seed.</para>
/// </remarks>
/// <example><code>
/// var runner = new TuningRunner { DegreeOfParallelism = 2, Log = new TrialLog("trials.jsonl") };
/// var result = runner.Run(RandomSearch.Trials(space, 40, seed: 7), (trial, ct) => Fit(trial, ct));
/// </code></example>
public sealed class TuningRunner : ITrialRunner
{
    /// <summary>Whether smaller (the default) or larger scores are better.</summary>
    public Goal Goal { get; init; } = Goal.Minimize;

    /// <summary>How many trials run at once (1 by default). Each trial trains its own network.</summary>
    public int DegreeOfParallelism { get; init; } = 1;

    /// <summary>The durable, shared log to claim and record trials in and resume from; none when null.</summary>
    public TrialLog? Log { get; init; }

    /// <summary>Run again the trials that had failed before this run began (off by default: a diverging learning rate fails the same way twice).</summary>
    public bool RetryFailed { get; init; }

    /// <summary>How long a claim holds without renewal (2 minutes by default); workers on other machines reclaim a trial after it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a runner with nothing to claim looks again whether other workers have finished (200 ms by default).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// False to only collect: run nothing, wait while live workers hold unfinished trials, and return the
    /// logged results (a coordinator whose worker processes did the work). True by default.
    /// </summary>
    public bool ClaimTrials { get; init; } = true;

    /// <summary>Called, on the thread that ran it, after each trial this runner ran is recorded (for progress output).</summary>
    public Action<TrialResult>? TrialFinished { get; init; }

    /// <summary>Runs <paramref name="objective"/> on every trial not already finished in the log; returns all results, best first.</summary>
    /// <param name="trials">The trials; ids must be unique.</param>
    /// <param name="objective">Trains and scores one trial. An exception marks the trial failed, except cancellation.</param>
    /// <param name="cancellationToken">Stops starting new trials and is passed to running ones.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DegreeOfParallelism"/> or <see cref="Lease"/> is not positive.</exception>
    /// <exception cref="ArgumentException">Two trials share an id.</exception>
    /// <exception cref="InvalidOperationException">The log holds a trial with the same id but another seed (a different search).</exception>
    /// <exception cref="IncompleteSearchException">With <see cref="ClaimTrials"/> off, trials are unfinished and no live worker holds them.</exception>
    /// <exception cref="OperationCanceledException">The search was cancelled; finished trials stay in the log.</exception>
    public TuningResult Run(IReadOnlyList<Trial> trials, Func<Trial, CancellationToken, TrialOutcome> objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(objective);
        if (DegreeOfParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(DegreeOfParallelism), DegreeOfParallelism, "At least one trial must run at a time.");
        if (Lease <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Lease), Lease, "A claim's lease must be positive.");
        if (trials.Select(t => t.Id).Distinct().Count() != trials.Count)
            throw new ArgumentException("Trial ids must be unique within a search.", nameof(trials));

        if (Log is null)
        {
            var results = new ConcurrentBag<TrialResult>();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = DegreeOfParallelism, CancellationToken = cancellationToken };
            Parallel.ForEach(trials, parallel, trial => results.Add(RunOne(trial, objective, cancellationToken)));
            return TuningResult.Rank(results, Goal);
        }
        return RunShared(Log, trials, objective, cancellationToken);
    }

    private TuningResult RunShared(TrialLog log, IReadOnlyList<Trial> trials, Func<Trial, CancellationToken, TrialOutcome> objective, CancellationToken cancellationToken)
    {
        int retryBefore = RetryFailed ? TrialLog.Read(log.Path).Count : 0;
        var ranHere = new ConcurrentDictionary<int, TrialResult>();
        TrialClaims? final = null;

        void Work()
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (next, claims) = Claim(log, trials, retryBefore);
                if (next is not null)
                    ranHere[next.Id] = RunOne(next, objective, cancellationToken);
                else if (claims is not null)
                {
                    Volatile.Write(ref final, claims);
                    return;
                }
                else
                    cancellationToken.WaitHandle.WaitOne(PollInterval);
            }
        }

        var workers = Enumerable.Range(0, ClaimTrials ? DegreeOfParallelism : 1)
            .Select(_ => Task.Factory.StartNew(Work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            Task.WaitAll(workers, CancellationToken.None);
        }
        catch (AggregateException ex)
        {
            // One worker's failure is the search's: surface it as itself, cancellation first.
            var first = ex.InnerExceptions.FirstOrDefault(e => e is OperationCanceledException) ?? ex.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }

        var done = final!;
        return TuningResult.Rank(trials.Select(t => ranHere.TryGetValue(t.Id, out var r) ? r : FromRecord(t, done.Finished(t.Id)!)), Goal);
    }

    // Under the log's lock: the trial this worker now holds (its claim appended), or null with the final
    // state when every trial is finished, or (null, null) when the rest are running elsewhere.
    private (Trial? Next, TrialClaims? AllFinished) Claim(TrialLog log, IReadOnlyList<Trial> trials, int retryBefore)
    {
        Trial? next = null;
        TrialClaims? allFinished = null;
        log.Update(contents =>
        {
            var claims = new TrialClaims(contents.Records, retryBefore);
            foreach (var trial in trials)
                if (claims.Any(trial.Id) is { } record && record.Seed != trial.Seed)
                    throw new InvalidOperationException($"Trial log '{log.Path}' holds trial {trial.Id} with seed {record.Seed}, but this search's trial {trial.Id} has seed {trial.Seed}; the log belongs to another search (space or seed).");
            var now = DateTimeOffset.UtcNow;
            var unfinished = trials.Where(t => claims.Finished(t.Id) is null).ToArray();
            if (unfinished.Length == 0)
            {
                allFinished = claims;
                return null;
            }
            var free = unfinished.Where(t => claims.IsFree(t.Id, now)).ToArray();
            if (!ClaimTrials && free.Length > 0)
                throw new IncompleteSearchException($"Trial log '{log.Path}': {free.Length} of {trials.Count} trials (ids {string.Join(", ", free.Select(t => t.Id).Take(10))}) are unfinished and no live worker holds them (trial {free[0].Id} was last held by {claims.Holder(free[0].Id)}); run the search again with this log to finish them.");
            if (free.Length == 0)
                return null;
            next = free[0];
            TrialClaims.Running(log.WorkerId, next.Id);
            return Record(next, TrialStatus.Started) with { LeaseUntil = now + Lease };
        });
        return (next, allFinished);
    }

    private TrialResult RunOne(Trial trial, Func<Trial, CancellationToken, TrialOutcome> objective, CancellationToken cancellationToken)
    {
        try
        {
            var renewal = Log is null ? null : new Timer(_ => Renew(trial), null, Lease / 3, Lease / 3);
            var clock = Stopwatch.StartNew();
            TrialResult result;
            try
            {
                var outcome = objective(trial, cancellationToken) ?? throw new InvalidOperationException("The objective returned no outcome.");
                result = new TrialResult { Trial = trial, Status = TrialStatus.Completed, Score = outcome.Score, Metrics = outcome.Metrics, Duration = clock.Elapsed, Outcome = outcome };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Left claimed in the log on purpose: once this process is gone (or, in this process, the
                // run is over) the claim is dead and a resumed search runs the trial again.
                throw;
            }
            catch (Exception ex)
            {
                result = new TrialResult { Trial = trial, Status = TrialStatus.Failed, Score = double.NaN, Duration = clock.Elapsed, Error = $"{ex.GetType().Name}: {ex.Message}" };
            }
            finally
            {
                StopRenewing(renewal);
            }

            Log?.Append(Record(trial, result.Status) with { Score = result.Score, Metrics = result.Metrics, Duration = result.Duration, Error = result.Error });
            TrialFinished?.Invoke(result);
            return result;
        }
        finally
        {
            // Only now, with the result in the log, may another thread of this process see the claim as dead.
            if (Log is not null)
                TrialClaims.Done(Log.WorkerId, trial.Id);
        }
    }

    // Waits for a renewal in progress, so that no claim is appended after the trial's result.
    private static void StopRenewing(Timer? renewal)
    {
        if (renewal is null)
            return;
        using var stopped = new ManualResetEvent(false);
        if (renewal.Dispose(stopped))
            stopped.WaitOne();
    }

    // A timer callback must not throw (it would end the process): a renewal that fails is retried at the
    // next tick, and the lease is three ticks long.
    private void Renew(Trial trial)
    {
        try
        {
            Log!.Append(Record(trial, TrialStatus.Started) with { LeaseUntil = DateTimeOffset.UtcNow + Lease });
        }
        catch (IOException)
        {
        }
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
