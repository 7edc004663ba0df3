using System.Globalization;
using System.Text;
using System.Text.Json;
using Backprop.Cli;

namespace Backprop.Cli.Tests;

public sealed class TrainEvaluatePredictTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-train").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Two well-separated blobs per class; text labels for the multiclass file.</summary>
    private string WriteCsv(string name, bool multiclass, int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < rows; i++)
        {
            int k = random.Next(multiclass ? 3 : 2);
            double x1 = 2 * k + random.NextDouble() - 0.5, x2 = -2 * k + random.NextDouble() - 0.5;
            string label = multiclass ? new[] { "ant", "bee", "cow" }[k] : k.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{label}\n");
        }
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Theory]
    [InlineData(false, "binary")]
    [InlineData(true, "multiclass")]
    public async Task Train_then_evaluate_then_predict(bool multiclass, string task)
    {
        string train = WriteCsv("train.csv", multiclass, 300, 1), test = WriteCsv("test.csv", multiclass, 100, 2);
        string model = Path.Combine(_folder, "m.bpmodel");
        var (exit, output, error) = await Run("train", "--data", train, "--target", "label", "--test", test, "--layers", "8",
            "--epochs", "40", "--lr", "0.01", "--dev-split", "0.2", "--normalize", "--out", model, "--plots", Path.Combine(_folder, "plots"), "--json");
        Assert.True(exit == 0, error);
        foreach (string png in new[] { "cost.png", "learning-rate.png", "dev-accuracy.png" })
            Assert.True(new FileInfo(Path.Combine(_folder, "plots", png)).Length > 5000, png);
        using (var json = JsonDocument.Parse(output))
        {
            var root = json.RootElement;
            Assert.Equal(task, root.GetProperty("task").GetString());
            foreach (string field in new[] { "train_cost", "train_accuracy", "dev_cost", "dev_accuracy", "test_cost", "test_accuracy", "epochs", "seconds", "model" })
                Assert.True(root.TryGetProperty(field, out _), field);
            Assert.True(root.GetProperty("test_accuracy").GetDouble() > 0.95, output);
            Assert.Equal(40, root.GetProperty("epochs").GetInt32());
        }

        var (evalExit, evalOutput, evalError) = await Run("evaluate", "--model", model, "--data", test, "--target", "label", "--json");
        Assert.True(evalExit == 0, evalError);
        using (var json = JsonDocument.Parse(evalOutput))
            Assert.True(json.RootElement.GetProperty("test_accuracy").GetDouble() > 0.95);

        string predictions = Path.Combine(_folder, "p.csv");
        var (predictExit, _, _) = await Run("predict", "--model", model, "--data", test, "--target", "label", "--out", predictions);
        Assert.Equal(0, predictExit);
        string[] lines = await File.ReadAllLinesAsync(predictions);
        Assert.Equal(101, lines.Length);
        Assert.StartsWith("class,probability_", lines[0]);
        string[] expected = (await File.ReadAllLinesAsync(test)).Skip(1).Select(l => l.Split(',')[2]).ToArray();
        int correct = lines.Skip(1).Zip(expected).Count(p => p.First.Split(',')[0] == p.Second);
        Assert.True(correct >= 95, $"{correct}/100 predictions match the labels.");

        string onnx = Path.Combine(_folder, "m.onnx");
        var (exportExit, _, exportError) = await Run("export", model, "--onnx", onnx);
        Assert.True(exportExit == 0, exportError);
        Assert.True(new FileInfo(onnx).Length > 100);
    }

    [Fact]
    public async Task A_spec_file_replaces_the_model_flags()
    {
        string train = WriteCsv("train.csv", true, 300, 4);
        string spec = Path.Combine(_folder, "spec.json");
        await File.WriteAllTextAsync(spec, """
            {
              "task": "multiclass",
              "layers": [ { "units": 8, "activation": "tanh", "initializer": "xavier" } ],
              "normalize_inputs": true,
              "optimizer": { "kind": "adam", "learning_rate": 0.02 },
              "batch_size": 32,
              "epochs": 30,
              "seed": 5
            }
            """);
        string model = Path.Combine(_folder, "s.bpmodel");
        var (exit, output, error) = await Run("train", "--data", train, "--target", "label", "--spec", spec, "--out", model, "--json");
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal("multiclass", json.RootElement.GetProperty("task").GetString());
            Assert.Equal(30, json.RootElement.GetProperty("epochs").GetInt32());
            Assert.True(json.RootElement.GetProperty("train_accuracy").GetDouble() > 0.95, output);
        }
        var inspect = await Run("inspect", model);
        Assert.Contains("Dense(2 => 8, Tanh)", inspect.Output);

        var conflict = await Run("train", "--data", train, "--target", "label", "--spec", spec, "--layers", "4", "--out", model);
        Assert.Equal(2, conflict.Exit);
        Assert.Contains("--layers cannot be combined with --spec", conflict.Error);

        await File.WriteAllTextAsync(spec, """{ "layers": [ { "units": 4, "keep_prob": 1.5 } ] }""");
        var bad = await Run("train", "--data", train, "--target", "label", "--spec", spec, "--out", model);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("layers[0].keep_prob", bad.Error);
    }

    [Fact]
    public async Task Bad_inputs_are_one_line_errors_with_exit_code_2_and_no_model_file()
    {
        string train = WriteCsv("train.csv", false, 50, 3);
        string model = Path.Combine(_folder, "never.bpmodel");
        var cases = new[]
        {
            new[] { "train", "--data", train, "--target", "nope", "--out", model },
            new[] { "train", "--data", Path.Combine(_folder, "missing.csv"), "--target", "label", "--out", model },
            new[] { "train", "--data", train, "--target", "label", "--optimizer", "sgdx", "--out", model },
            new[] { "train", "--data", train, "--target", "label", "--early-stopping", "3", "--out", model },
            new[] { "train", "--data", train, "--target", "label", "--keep-prob", "1.5", "--out", model },
            new[] { "evaluate", "--model", Path.Combine(_folder, "missing.bpmodel"), "--data", train, "--target", "label" },
        };
        foreach (var args in cases)
        {
            var (exit, _, error) = await Run(args);
            Assert.True(exit == 2, $"{string.Join(' ', args)} → {exit}: {error}");
            Assert.Single(error.Trim().Split('\n'));
            Assert.DoesNotContain("   at ", error);
        }
        Assert.False(File.Exists(model));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp*"));
    }
}
