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

        // Reopening after a torn write starts the next record on a fresh line.
        new TrialLog(LogPath, "worker-b").Append(new TrialRecord { TrialId = 3, Round = 0, Seed = 1, Status = TrialStatus.Failed, Parameters = trial.Values, Error = "boom" });
        records = TrialLog.Read(LogPath, out skipped);
        Assert.Equal(1, skipped);
        Assert.Equal(("boom", "worker-b"), (records[^1].Error, records[^1].WorkerId));
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
        var result = new TuningRunner { Direction = OptimizationDirection.Maximize, Log = new TrialLog(LogPath) }.Run(trials, (t, ct) =>
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
