using System.Globalization;
using System.Text;
using System.Text.Json;
using Backprop.Serialization;

namespace Backprop.Cli.Tests;

/// <summary><c>backprop train</c> with --checkpoint-dir, --resume ("panda" babysitting) and --from/--freeze (transfer learning).</summary>
public sealed class CheckpointCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-ckpt-cli").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<(int Exit, string Output, string Error)> Run(params string[] args) => Cli.Run(args);

    /// <summary>Overlapping blobs (so training keeps changing the weights) with <paramref name="features"/> columns.</summary>
    private string WriteCsv(string name, int rows, int seed, int features = 3, int classes = 2)
    {
        var random = new Random(seed);
        var text = new StringBuilder(string.Join(",", Enumerable.Range(1, features).Select(i => $"x{i}")) + ",label\n");
        for (int r = 0; r < rows; r++)
        {
            int k = random.Next(classes);
            for (int i = 0; i < features; i++)
                text.Append(CultureInfo.InvariantCulture, $"{(i == k % features ? 1.0 : 0.0) + 1.5 * random.NextDouble():R},");
            text.Append(CultureInfo.InvariantCulture, $"c{k}\n");
        }
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private string[] TrainArgs(string data, string output, params string[] extra) =>
    [
        "train", "--data", data, "--target", "label", "--layers", "12,6", "--keep-prob", "0.8", "--batch-norm", "--normalize",
        "--optimizer", "adam", "--lr", "0.01", "--batch-size", "32", "--decay-rate", "0.3", "--dev-split", "0.25", "--seed", "4",
        "--out", output, "--quiet", .. extra,
    ];

    [Fact]
    public async Task Resuming_a_checkpoint_gives_the_uninterrupted_model_byte_for_byte()
    {
        string data = WriteCsv("train.csv", 240, 1);
        string whole = Path.Combine(_folder, "whole.bpmodel"), dir = Path.Combine(_folder, "ckpt");
        var (exit, _, error) = await Run(TrainArgs(data, whole, "--epochs", "9", "--checkpoint-every", "4", "--checkpoint-dir", dir));
        Assert.True(exit == 0, error);
        foreach (string file in new[] { "epoch-0004.ckpt", "epoch-0008.ckpt", "best.ckpt", "last.ckpt" })
            Assert.True(File.Exists(Path.Combine(dir, file)), file);

        // Without checkpointing the run is the same (writing checkpoints disturbs nothing).
        string plain = Path.Combine(_folder, "plain.bpmodel");
        Assert.Equal(0, (await Run(TrainArgs(data, plain, "--epochs", "9"))).Exit);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(plain));

        // An interrupted run: 4 epochs, then --resume with only the data and output given.
        string interrupted = Path.Combine(_folder, "stop");
        Assert.Equal(0, (await Run(TrainArgs(data, Path.Combine(_folder, "four.bpmodel"), "--epochs", "4", "--checkpoint-dir", interrupted, "--checkpoint-every", "4"))).Exit);
        string resumed = Path.Combine(_folder, "resumed.bpmodel");
        (exit, string output, error) = await Run("train", "--resume", Path.Combine(interrupted, "epoch-0004.ckpt"), "--data", data, "--target", "label",
            "--epochs", "9", "--out", resumed, "--json");
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(output))
            Assert.Equal(9, json.RootElement.GetProperty("epochs").GetInt32());
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));

        // The uninterrupted run's own checkpoint resumes to the same bytes too; --epochs defaults to the saved 9.
        string again = Path.Combine(_folder, "again.bpmodel");
        (exit, _, error) = await Run("train", "--resume", Path.Combine(dir, "epoch-0008.ckpt"), "--data", data, "--target", "label", "--out", again, "--quiet");
        Assert.True(exit == 0, error);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(again));

        // A changed flag that is allowed must change the result (so the comparisons above can fail).
        string faster = Path.Combine(_folder, "faster.bpmodel");
        Assert.Equal(0, (await Run("train", "--resume", Path.Combine(dir, "epoch-0008.ckpt"), "--data", data, "--target", "label", "--lr", "0.05", "--out", faster, "--quiet")).Exit);
        Assert.NotEqual(File.ReadAllBytes(whole), File.ReadAllBytes(faster));
    }

    private string WriteSpec(string name, int epochs, int units = 12) => WriteText(name, $$"""
        {
          "task": "multiclass",
          "layers": [ { "units": {{units}}, "batch_norm": true, "keep_prob": 0.8 }, { "units": 6, "activation": "tanh" } ],
          "normalize_inputs": true,
          "optimizer": { "kind": "adam", "learning_rate": 0.01 },
          "schedule": { "kind": "inverse_time", "decay_rate": 0.3 },
          "batch_size": 32,
          "epochs": {{epochs}},
          "seed": 4,
          "early_stopping": { "metric": "dev_cost", "patience": 50, "restore_best_weights": true }
        }
        """);

    private string WriteText(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Resuming_a_spec_run_gives_the_uninterrupted_model_byte_for_byte()
    {
        string data = WriteCsv("train.csv", 240, 1, classes: 3);
        string spec = WriteSpec("run.json", 9), dir = Path.Combine(_folder, "ckpt"), whole = Path.Combine(_folder, "whole.bpmodel");
        var (exit, _, error) = await Run("train", "--data", data, "--target", "label", "--spec", spec, "--dev-split", "0.25",
            "--checkpoint-dir", dir, "--checkpoint-every", "4", "--out", whole, "--quiet");
        Assert.True(exit == 0, error);
        // The checkpoint carries the spec itself, so the file is not needed to resume.
        var checkpoint = CheckpointFile.Load<float>(Path.Combine(dir, "epoch-0004.ckpt"));
        Assert.Equal(TrainingSpec.Load(spec), TrainingSpec.Parse(checkpoint.Metadata.Properties["train.spec"]));

        string resumed = Path.Combine(_folder, "resumed.bpmodel");
        (exit, string output, error) = await Run("train", "--resume", Path.Combine(dir, "epoch-0004.ckpt"), "--data", data, "--target", "label", "--out", resumed, "--json");
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(output))
            Assert.Equal(9, json.RootElement.GetProperty("epochs").GetInt32());
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));

        // A run stopped after 4 epochs (its spec said 4) goes on to 9 with --epochs, or with the spec given again with 9.
        string four = Path.Combine(_folder, "four");
        Assert.Equal(0, (await Run("train", "--data", data, "--target", "label", "--spec", WriteSpec("four.json", 4), "--dev-split", "0.25",
            "--checkpoint-dir", four, "--out", Path.Combine(_folder, "four.bpmodel"), "--quiet")).Exit);
        string last = Path.Combine(four, "last.ckpt");
        foreach (string[] more in new[] { new[] { "--epochs", "9" }, new[] { "--spec", spec } })
        {
            string model = Path.Combine(_folder, $"{Guid.NewGuid():N}.bpmodel");
            (exit, _, error) = await Run(["train", "--resume", last, "--data", data, "--target", "label", .. more, "--out", model, "--quiet"]);
            Assert.True(exit == 0, error);
            Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(model));
        }

        // Panda mode: a lower rate changes the result; the architecture cannot change, by flag or in the spec.
        string slower = Path.Combine(_folder, "slower.bpmodel");
        (exit, _, error) = await Run("train", "--resume", last, "--data", data, "--target", "label", "--epochs", "9", "--lr", "0.001", "--out", slower, "--quiet");
        Assert.True(exit == 0, error);
        Assert.NotEqual(File.ReadAllBytes(whole), File.ReadAllBytes(slower));
        string later = Path.Combine(_folder, "later");
        (exit, _, error) = await Run("train", "--resume", last, "--data", data, "--target", "label", "--epochs", "6", "--l2", "0.01", "--keep-prob", "0.9",
            "--checkpoint-dir", later, "--out", slower, "--quiet");
        Assert.True(exit == 0, error);
        var changed = CheckpointFile.Load<float>(Path.Combine(later, "last.ckpt"));
        var kept = TrainingSpec.Parse(changed.Metadata.Properties["train.spec"]);
        Assert.Equal((6, 0.01, 0.9, 1.0), (kept.Epochs, kept.Regularization!.Lambda, kept.Layers[0].KeepProb, kept.Layers[1].KeepProb));
        Assert.Equal(0.01, changed.Network.Regularizer!.Lambda);
        Assert.All(changed.Network.Layers.OfType<Backprop.Layers.DropoutLayer<float>>(), d => Assert.Equal(0.9, d.KeepProb));
        (exit, _, error) = await Run("train", "--resume", last, "--data", data, "--target", "label", "--layers", "8", "--out", slower);
        Assert.Equal(2, exit);
        Assert.StartsWith("backprop train: --layers cannot be given when resuming", error);
        (exit, _, error) = await Run("train", "--resume", last, "--data", data, "--target", "label", "--spec", WriteSpec("wider.json", 9, units: 16), "--out", slower);
        Assert.Equal(2, exit);
        Assert.Contains("differs from the spec", error);
        Assert.Contains("in 'layers'", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_resumed_run_s_history_and_plots_cover_the_whole_run()
    {
        string data = WriteCsv("train.csv", 240, 5);
        string dir = Path.Combine(_folder, "ckpt"), plots = Path.Combine(_folder, "plots");
        Assert.Equal(0, (await Run(TrainArgs(data, Path.Combine(_folder, "whole.bpmodel"), "--epochs", "8", "--checkpoint-every", "3", "--checkpoint-dir", dir))).Exit);
        string history = CheckpointFile.Load<float>(Path.Combine(dir, "last.ckpt")).Metadata.Properties["train.history"];
        string[] lines = history.TrimEnd('\n').Split('\n');
        Assert.Equal(8, lines.Length);
        Assert.All(lines.Select((line, i) => (line.Split(','), i)), l => Assert.Equal(l.i.ToString(CultureInfo.InvariantCulture), l.Item1[0]));
        Assert.All(lines, line => Assert.Equal(6, line.Split(',').Count(f => f.Length > 0))); // a dev set: every field has a value

        // Resumed after 3 epochs into another folder: the history (and so the charts) starts at epoch 0 and equals the whole run's.
        string again = Path.Combine(_folder, "again");
        var (exit, _, error) = await Run("train", "--resume", Path.Combine(dir, "epoch-0003.ckpt"), "--data", data, "--target", "label",
            "--checkpoint-dir", again, "--plots", plots, "--out", Path.Combine(_folder, "again.bpmodel"), "--quiet");
        Assert.True(exit == 0, error);
        Assert.Equal(history, CheckpointFile.Load<float>(Path.Combine(again, "last.ckpt")).Metadata.Properties["train.history"]);
        foreach (string chart in new[] { "cost.png", "learning-rate.png", "dev-accuracy.png" })
            Assert.True(new FileInfo(Path.Combine(plots, chart)).Length > 1000, chart);
    }

    [Fact]
    public async Task Panda_mode_changes_the_safe_settings_and_rejects_the_rest_by_name()
    {
        string data = WriteCsv("train.csv", 200, 2);
        string dir = Path.Combine(_folder, "panda");
        Assert.Equal(0, (await Run(TrainArgs(data, Path.Combine(_folder, "m0.bpmodel"), "--epochs", "5", "--checkpoint-dir", dir))).Exit);
        string last = Path.Combine(dir, "last.ckpt");
        Assert.Equal(5, CheckpointFile.Load<float>(last).Epoch);

        // Babysitting: lower the rate, more epochs, other batch size, λ, keep_prob, early stopping and decay.
        string model = Path.Combine(_folder, "m1.bpmodel");
        var (exit, output, error) = await Run("train", "--resume", last, "--data", data, "--target", "label", "--lr", "0.0005", "--epochs", "8",
            "--batch-size", "16", "--l2", "0.01", "--keep-prob", "0.9", "--early-stopping", "20", "--decay-rate", "0.1", "--checkpoint-dir", dir, "--out", model, "--json");
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(output))
            Assert.Equal(8, json.RootElement.GetProperty("epochs").GetInt32());
        var saved = CheckpointFile.Load<float>(last);
        Assert.Equal(8, saved.Epoch);
        Assert.Equal(0.01, saved.Network.Regularizer!.Lambda);
        Assert.Equal("0.0005", saved.Metadata.Properties["train.lr"]);
        Assert.All(saved.Network.Layers.OfType<Backprop.Layers.DropoutLayer<float>>(), d => Assert.Equal(0.9, d.KeepProb));

        foreach (var (flag, value) in new[] { ("--layers", "8"), ("--optimizer", "momentum"), ("--batch-norm", "false"), ("--activation", "tanh"), ("--seed", "9"), ("--dev-split", "0.3") })
        {
            (exit, _, error) = await Run("train", "--resume", last, "--data", data, "--target", "label", "--out", model, flag, value);
            Assert.Equal(2, exit);
            Assert.StartsWith($"backprop train: {flag} cannot change when resuming", error);
            Assert.Single(error.TrimEnd().Split('\n'));
        }

        string wide = WriteCsv("wide.csv", 100, 3, features: 4);
        (exit, _, error) = await Run("train", "--resume", last, "--data", wide, "--target", "label", "--out", model);
        Assert.Equal(2, exit);
        Assert.Contains("has 4 feature columns but the checkpoint's network takes 3 inputs", error);

        (exit, _, error) = await Run("train", "--resume", last, "--data", data, "--target", "label", "--epochs", "8", "--out", model);
        Assert.Equal(2, exit);
        Assert.Contains("already trained 8 epochs", error);

        string corrupt = Path.Combine(_folder, "corrupt.ckpt");
        byte[] bytes = File.ReadAllBytes(last);
        bytes[^50] ^= 0xFF;
        File.WriteAllBytes(corrupt, bytes);
        (exit, _, error) = await Run("train", "--resume", corrupt, "--data", data, "--target", "label", "--out", model);
        Assert.Equal(2, exit);
        Assert.Contains("checksum mismatch", error);
    }

    [Fact]
    public async Task Transfer_learning_keeps_the_frozen_layers_bit_for_bit_and_trains_a_new_head()
    {
        string source = Path.Combine(_folder, "source.bpmodel");
        var (exit, _, error) = await Run("train", "--data", WriteCsv("a.csv", 200, 4), "--target", "label", "--layers", "10,6", "--keep-prob", "0.9", "--epochs", "5", "--normalize", "--out", source, "--quiet");
        Assert.True(exit == 0, error);

        // A new task with three classes: the head gets 3 softmax units.
        string data = WriteCsv("b.csv", 150, 5, classes: 3), tuned = Path.Combine(_folder, "tuned.bpmodel");
        (exit, _, error) = await Run("train", "--from", source, "--freeze", "1", "--data", data, "--target", "label", "--epochs", "5", "--lr", "0.05", "--out", tuned, "--quiet");
        Assert.True(exit == 0, error);
        var before = ModelFile.Load<float>(source).Network;
        var after = ModelFile.Load<float>(tuned).Network;
        Assert.Equal(3, after.OutputSize);
        Assert.Equal(before.Layers.Count, after.Layers.Count);
        var first = before.Parameters.Where(p => p.Name.StartsWith("layers.0.", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, first.Count);
        foreach (var p in first)
            Assert.Equal(p.Value.Span.ToArray(), after.Parameters.Single(q => q.Name == p.Name).Value.Span.ToArray());
        var second = before.Parameters.Single(p => p.Name == "layers.2.W"); // after the first layer's dropout
        Assert.NotEqual(second.Value.Span.ToArray(), after.Parameters.Single(q => q.Name == "layers.2.W").Value.Span.ToArray());

        // A fine-tuning run resumes like any other: its frozen layers, kept dropout and head carry on.
        string dir = Path.Combine(_folder, "tk"), resumed = Path.Combine(_folder, "resumed.bpmodel");
        (exit, _, error) = await Run("train", "--from", source, "--freeze", "1", "--data", data, "--target", "label", "--epochs", "2", "--lr", "0.05", "--checkpoint-dir", dir, "--out", Path.Combine(_folder, "two.bpmodel"), "--quiet");
        Assert.True(exit == 0, error);
        (exit, _, error) = await Run("train", "--resume", Path.Combine(dir, "last.ckpt"), "--data", data, "--target", "label", "--epochs", "5", "--out", resumed, "--quiet");
        Assert.True(exit == 0, error);
        Assert.Equal(File.ReadAllBytes(tuned), File.ReadAllBytes(resumed));

        (exit, _, error) = await Run("train", "--from", source, "--freeze", "3", "--data", data, "--target", "label", "--out", tuned);
        Assert.Equal(2, exit);
        Assert.Contains("--freeze 3: the model", error);
        Assert.Contains("has 2 hidden layers", error);

        (exit, _, error) = await Run("train", "--from", source, "--data", WriteCsv("c.csv", 50, 6, features: 5), "--target", "label", "--out", tuned);
        Assert.Equal(2, exit);
        Assert.Contains("takes 3 input features but", error);
        Assert.Contains("has 5", error);

        (exit, _, error) = await Run("train", "--from", source, "--layers", "4", "--data", data, "--target", "label", "--out", tuned);
        Assert.Equal(2, exit);
        Assert.Contains("--layers cannot be combined with --from", error);
    }
}
