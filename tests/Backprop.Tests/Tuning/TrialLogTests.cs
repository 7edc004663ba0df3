using System.Text;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tests.Layers;
using Backprop.Training;
using Backprop.Tuning;
using Backprop.Metrics;

namespace Backprop.Tests.Tuning;

public sealed class TrialLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tuning-").FullName;
    private static readonly SearchSpace Space = SearchSpace.Empty.LogUniform("LearningRate", 1e-3, 1).IntRange("Hidden", 2, 8).Choice("Act", "relu", "tanh");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string LogPath => Path.Combine(_folder, "trials.jsonl");

    private static TrialOutcome Toy(Trial trial, CancellationToken _) =>
        new(Math.Abs(Math.Log10(trial.GetDouble("LearningRate")) + 1)) { Metrics = new Dictionary<string, double> { ["hidden"] = trial.GetInt("Hidden") } };

    [Fact]
    public void Records_round_trip_and_a_truncated_last_line_is_ignored()
    {
        var log = new TrialLog(LogPath, "worker-a");
        var trial = Space.Sample(1, 0);
        log.Append(new TrialRecord { TrialId = 0, Round = 2, Seed = trial.Seed, Status = TrialStatus.Started, Parameters = trial.Values });
        log.Append(new TrialRecord
        {
            TrialId = 0, Round = 2, Seed = trial.Seed, Status = TrialStatus.Completed, Parameters = trial.Values, Score = 0.125,
            Metrics = new Dictionary<string, double> { ["dev_accuracy"] = 0.9, ["bad"] = double.NaN }, Duration = TimeSpan.FromSeconds(1.5),
        });
        File.AppendAllText(LogPath, """{"trial":1,"round":0,"seed":5,"status":"comp""");

        var records = TrialLog.Read(LogPath, out int skipped);
        Assert.Equal(1, skipped);
        Assert.Equal(2, records.Count);
        var done = records[1];
        Assert.Equal((0, 2, trial.Seed, TrialStatus.Completed, 0.125, "worker-a"), (done.TrialId, done.Round, done.Seed, done.Status, done.Score, done.WorkerId));
        Assert.Equal(trial.GetDouble("LearningRate"), (double)done.Parameters["LearningRate"]);
        Assert.Equal(trial.GetInt("Hidden"), (int)done.Parameters["Hidden"]);
        Assert.Equal(trial.GetString("Act"), (string)done.Parameters["Act"]);
        Assert.Equal(0.9, done.Metrics["dev_accuracy"]);
        Assert.True(double.IsNaN(done.Metrics["bad"]));
        Assert.Equal(1.5, done.Duration!.Value.TotalSeconds);

        // The next append (under the lock, so only a dead writer can have torn the line) cuts the torn line off.
        new TrialLog(LogPath, "worker-b").Append(new TrialRecord { TrialId = 3, Round = 0, Seed = 1, Status = TrialStatus.Failed, Parameters = trial.Values, Error = "boom" });
        records = TrialLog.Read(LogPath, out skipped);
        Assert.Equal(0, skipped);
        Assert.Equal(3, records.Count);
        Assert.Equal(("boom", "worker-b", Environment.MachineName, Environment.ProcessId), (records[^1].Error, records[^1].WorkerId, records[^1].Host, records[^1].ProcessId));
        Assert.Equal(3, File.ReadAllLines(LogPath).Length);
    }

    [Fact]
    public void A_damaged_line_before_the_last_is_an_error_naming_its_line()
    {
        var log = new TrialLog(LogPath);
        var trial = Space.Sample(1, 0);
        log.Append(new TrialRecord { TrialId = 0, Round = 0, Seed = trial.Seed, Status = TrialStatus.Started, Parameters = trial.Values });
        File.AppendAllText(LogPath, "{\"trial\":1,\"rou\n");
        log.Append(new TrialRecord { TrialId = 0, Round = 0, Seed = trial.Seed, Status = TrialStatus.Completed, Parameters = trial.Values, Score = 1 });

        var ex = Assert.Throws<InvalidDataException>(() => TrialLog.Read(LogPath));
        Assert.Contains("line 2", ex.Message);
        Assert.Contains(LogPath, ex.Message);
        Assert.Throws<InvalidDataException>(() => new TuningRunner { Log = log }.Run([trial], Toy));
    }

    [Fact]
    public void A_log_is_bound_to_one_search_and_refuses_another()
    {
        var log = new TrialLog(LogPath);
        var identity = new Dictionary<string, string> { ["space_sha256"] = "aa", ["data_sha256"] = "bb", ["seed"] = "1" };
        log.BindSearch(identity);
        log.BindSearch(identity);
        new TuningRunner { Log = log }.Run(RandomSearch.Trials(Space, 2, seed: 1), Toy);

        var contents = TrialLog.ReadContents(LogPath);
        Assert.Equal(identity, contents.Search);
        Assert.Equal(4, contents.Records.Count);
        Assert.StartsWith("{\"search\":", File.ReadLines(LogPath).First());
        var ex = Assert.Throws<InvalidDataException>(() => new TrialLog(LogPath).BindSearch(new Dictionary<string, string>(identity) { ["data_sha256"] = "cc" }));
        Assert.Contains("data_sha256 is bb, this run's is cc", ex.Message);
    }

    [Fact]
    public void A_claim_holds_while_its_worker_lives_and_its_lease_runs()
    {
        var now = DateTimeOffset.UtcNow;
        const int DeadPid = 2_000_000_000; // above any Linux pid_max
        TrialRecord Claim(int trial, string? host, int? pid, DateTimeOffset? lease, string worker = "w") => new()
        {
            TrialId = trial, Round = 0, Seed = 1, Status = TrialStatus.Started, Parameters = new Dictionary<string, object>(), Host = host, ProcessId = pid, LeaseUntil = lease, WorkerId = worker,
        };
        string here = Environment.MachineName;
        var claims = new TrialClaims(
        [
            Claim(0, here, DeadPid, now.AddMinutes(1)),           // this machine, process gone: free at once
            Claim(1, here, 1, now.AddMinutes(1)),                 // this machine, process alive, lease running: held
            Claim(2, here, 1, now.AddMinutes(-1)),                // alive but its lease passed (a reused pid, a hung worker): free
            Claim(3, "elsewhere", 7, now.AddMinutes(1)),          // another machine, lease running: held
            Claim(4, "elsewhere", 7, now.AddMinutes(-1)),         // another machine, lease passed: free
            Claim(5, null, null, null),                           // no owner recorded: free
            Claim(6, here, Environment.ProcessId, now.AddMinutes(1), "this-run"),
            Claim(7, "elsewhere", 7, now.AddMinutes(1)) with { Status = TrialStatus.Completed, Score = 0.5 },
            Claim(8, "elsewhere", 7, null) with { Status = TrialStatus.Failed },
        ], retryBefore: 0);
        Assert.Equal([true, false, true, false, true, true, true, false, false], Enumerable.Range(0, 9).Select(t => claims.IsFree(t, now)));
        Assert.Equal(0.5, claims.Finished(7)!.Score);

        // A claim of this process is live exactly while the trial runs here.
        TrialClaims.Running("this-run", 6);
        Assert.False(claims.IsFree(6, now));
        TrialClaims.Done("this-run", 6);
        Assert.True(claims.IsFree(6, now));
        Assert.False(TrialClaims.ProcessAlive(DeadPid));
        Assert.True(TrialClaims.ProcessAlive(Environment.ProcessId));
    }

    [Fact]
    public void A_running_trial_renews_its_claim_and_no_claim_follows_its_result()
    {
        var trials = RandomSearch.Trials(Space, 1, seed: 3);
        var runner = new TuningRunner { Log = new TrialLog(LogPath, "renewing"), Lease = TimeSpan.FromMilliseconds(60) };
        runner.Run(trials, (t, ct) =>
        {
            // Waits for the renewal to show up in the log (a generous deadline, not a timing assertion).
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (TrialLog.Read(LogPath).Count(r => r.Status == TrialStatus.Started) < 2 && DateTime.UtcNow < deadline)
                Thread.Sleep(5);
            return Toy(t, ct);
        });

        var records = TrialLog.Read(LogPath);
        var claims = records.Where(r => r.Status == TrialStatus.Started).ToArray();
        Assert.True(claims.Length >= 2, $"{claims.Length} claims");
        Assert.True(claims[1].LeaseUntil > claims[0].LeaseUntil);
        Assert.All(claims, c => Assert.Equal(("renewing", Environment.ProcessId), (c.WorkerId, c.ProcessId)));
        Assert.Equal(TrialStatus.Completed, records[^1].Status);
        Thread.Sleep(100);
        Assert.Equal(records.Count, TrialLog.Read(LogPath).Count);
    }

    [Fact]
    public void Workers_sharing_a_log_run_each_trial_once_and_agree_on_the_results()
    {
        var trials = RandomSearch.Trials(Space, 12, seed: 5);
        var ran = new System.Collections.Concurrent.ConcurrentBag<int>();
        TrialOutcome Counted(Trial t, CancellationToken ct)
        {
            ran.Add(t.Id);
            Thread.Sleep(5);
            return Toy(t, ct);
        }

        var results = Enumerable.Range(0, 3)
            .Select(w => Task.Run(() => new TuningRunner { Log = new TrialLog(LogPath, $"worker-{w}"), DegreeOfParallelism = 2, PollInterval = TimeSpan.FromMilliseconds(5) }.Run(trials, Counted)))
            .Select(t => t.Result).ToArray();

        Assert.Equal(Enumerable.Range(0, 12), ran.Order());
        Assert.Equal(Enumerable.Range(0, 12), TrialLog.Read(LogPath).Where(r => r.Status == TrialStatus.Completed).Select(r => r.TrialId).Order());
        foreach (var result in results)
            Assert.Equal(results[0].Results.Select(r => (r.Trial.Id, r.Score)), result.Results.Select(r => (r.Trial.Id, r.Score)));
        Assert.Equal(12, results.Sum(r => r.Results.Count(x => !x.FromLog)));
    }

    [Fact]
    public void A_collector_reports_trials_no_live_worker_holds()
    {
        var trials = RandomSearch.Trials(Space, 3, seed: 5);
        var log = new TrialLog(LogPath, "crashed");
        new TuningRunner { Log = log }.Run([trials[0]], Toy);
        log.Append(new TrialRecord { TrialId = 1, Round = 0, Seed = trials[1].Seed, Status = TrialStatus.Started, Parameters = trials[1].Values, ProcessId = 2_000_000_000, LeaseUntil = DateTimeOffset.UtcNow.AddHours(1) });

        var ex = Assert.Throws<IncompleteSearchException>(() => new TuningRunner { Log = log, ClaimTrials = false }.Run(trials, Toy));
        Assert.Contains("2 of 3 trials (ids 1, 2)", ex.Message);
        Assert.Contains("pid 2000000000", ex.Message);
    }

    [Fact]
    public void A_json_line_that_is_not_a_record_names_the_line_and_field()
    {
        File.WriteAllText(LogPath, "{\"trial\":0,\"round\":0,\"seed\":1,\"status\":\"done\",\"params\":{}}\n");
        var ex = Assert.Throws<InvalidDataException>(() => TrialLog.Read(LogPath));
        Assert.Contains("line 1", ex.Message);
        Assert.Contains("'status'", ex.Message);
    }

    [Fact]
    public void Resume_skips_completed_trials_and_reruns_started_ones()
    {
        var trials = RandomSearch.Trials(Space, 6, seed: 8);
        var log = new TrialLog(LogPath, "crashed");
        // A first worker finished trials 0 and 1, then died inside trial 2.
        var first = new TuningRunner { Log = log }.Run(trials.Take(2).ToArray(), Toy);
        log.Append(new TrialRecord { TrialId = 2, Round = 0, Seed = trials[2].Seed, Status = TrialStatus.Started, Parameters = trials[2].Values });

        var ran = new List<int>();
        var runner = new TuningRunner { Log = new TrialLog(LogPath, "resumed"), DegreeOfParallelism = 2 };
        var result = runner.Run(trials, (t, ct) => { lock (ran) ran.Add(t.Id); return Toy(t, ct); });

        Assert.Equal([2, 3, 4, 5], ran.Order());
        Assert.Equal(6, result.Results.Count);
        Assert.Equal([0, 1], result.Results.Where(r => r.FromLog).Select(r => r.Trial.Id).Order());
        Assert.Equal(first.Results.Select(r => r.Score).Order(), result.Results.Where(r => r.FromLog).Select(r => r.Score).Order());
        Assert.Equal(result.Results.Select(r => r.Score).Order(), result.Results.Select(r => r.Score));
        Assert.Equal(6, TrialLog.Read(LogPath).Count(r => r.Status == TrialStatus.Completed));

        // Everything is finished now: a third run computes nothing.
        ran.Clear();
        runner.Run(trials, (t, ct) => { lock (ran) ran.Add(t.Id); return Toy(t, ct); });
        Assert.Empty(ran);

        // A log from another search (other seed) is refused rather than mixed in.
        Assert.Throws<InvalidOperationException>(() => runner.Run(RandomSearch.Trials(Space, 2, seed: 9), Toy));
    }

    [Fact]
    public void Failures_rank_last_maximize_ranks_high_first_and_tables_are_exported_best_first()
    {
        var trials = RandomSearch.Trials(Space, 5, seed: 2);
        var result = new TuningRunner { Goal = Goal.Maximize, Log = new TrialLog(LogPath) }.Run(trials, (t, ct) =>
            t.Id == 3 ? throw new TrainingDivergedException(1, 0, "the cost became NaN", 1) : Toy(t, ct));

        Assert.Equal(TrialStatus.Failed, result.Results[^1].Status);
        Assert.Contains("TrainingDivergedException", result.Results[^1].Error);
        var scores = result.Results.Take(4).Select(r => r.Score).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Same(result.Results[0], result.Best);

        string csvPath = Path.Combine(_folder, "results.csv"), jsonPath = Path.Combine(_folder, "results.json");
        ResultsTable.WriteCsv(result, csvPath);
        ResultsTable.WriteJson(result, jsonPath);
        var lines = File.ReadAllLines(csvPath);
        Assert.Equal("rank,trial,round,seed,status,score,LearningRate,Hidden,Act,hidden,duration_s,error", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith($"1,{result.Results[0].Trial.Id},0,", lines[1]);
        Assert.Contains(",failed,", lines[5]);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(jsonPath, Encoding.UTF8));
        var first = json.RootElement.GetProperty("trials")[0];
        Assert.Equal(result.Results[0].Score, first.GetProperty("score").GetDouble());
        Assert.Equal("maximize", json.RootElement.GetProperty("direction").GetString());
    }

    [Fact]
    public void A_real_network_objective_completes_and_prefers_a_sensible_learning_rate()
    {
        var (x, y) = NetworkTests.Batch<float>(5, 6, 120);
        var (devX, devY) = NetworkTests.Batch<float>(6, 6, 60);
        var train = new Dataset<float>(x, y);
        var dev = new Dataset<float>(devX, devY);
        var space = SearchSpace.Empty.LogUniform("LearningRate", 1e-4, 1).IntRange("Hidden", 3, 8);

        TrialOutcome Fit(Trial trial, CancellationToken ct)
        {
            var network = new NetworkBuilder(6)
                .Dense(trial.GetInt("Hidden"), Activation.ReLU, Initializer.He)
                .Dense(1, Activation.Sigmoid, Initializer.Xavier)
                .Build<float>(new FastRandom(trial.Seed));
            var history = Trainer.Train(network, train, new TrainingOptions { Optimizer = new Adam(trial.GetDouble("LearningRate")), Epochs = 30, BatchSize = 32, Seed = trial.Seed }, cancellationToken: ct);
            var (devCost, devAccuracy) = Trainer.Evaluate(network, dev);
            var outcome = TrialOutcome.FromHistory(history, devCost);
            return outcome with { Metrics = new Dictionary<string, double>(outcome.Metrics) { ["dev_accuracy"] = devAccuracy ?? double.NaN } };
        }

        var result = new TuningRunner { DegreeOfParallelism = 2, Log = new TrialLog(LogPath) }.Run(RandomSearch.Trials(space, 6, seed: 4), Fit);
        Assert.All(result.Results, r => Assert.Equal(TrialStatus.Completed, r.Status));
        Assert.Equal(30, result.Best!.Outcome!.History!.Epochs);
        Assert.True(result.Best.Trial.GetDouble("LearningRate") > 1e-3, result.Best.ToString());
        Assert.True(result.Best.Metrics["dev_accuracy"] > 0.7, result.Best.ToString());
        Assert.Equal(12, TrialLog.Read(LogPath).Count);
    }
}
