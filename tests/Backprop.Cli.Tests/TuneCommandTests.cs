using System.Globalization;
using System.Text;
using System.Text.Json;
using Backprop.Cli;
using Backprop.Cli.Commands;
using Backprop.Tuning;
using Backprop.Metrics;

namespace Backprop.Cli.Tests;

public sealed class TuneCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-tune").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Data()
    {
        var random = new Random(7);
        var text = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 200; i++)
        {
            double x1 = random.NextDouble() * 4 - 2, x2 = random.NextDouble() * 4 - 2;
            text.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{(x1 * x1 + x2 * x2 < 1.5 ? 1 : 0)}\n");
        }
        string path = Path.Combine(_folder, "circle.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private string Space(string json)
    {
        string path = Path.Combine(_folder, "space.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task A_search_writes_ranked_results_and_resumes_from_its_log()
    {
        string data = Data();
        string space = Space("""{"parameters":[{"name":"learning_rate","scale":"log-uniform","min":0.001,"max":0.1},{"name":"hidden_units","scale":"int","min":4,"max":16}]}""");
        string outDir = Path.Combine(_folder, "out");
        var output = new StringWriter();
        int exit = await CommandLine.RunAsync(["tune", space, "--data", data, "--target", "y", "--trials", "4", "--parallel", "2", "--epochs", "20", "--out", outDir, "--json"], output, new StringWriter());
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(output.ToString()))
        {
            Assert.Equal(4, json.RootElement.GetProperty("completed").GetInt32());
            Assert.InRange(json.RootElement.GetProperty("best_score").GetDouble(), 0.5, 1.0);
        }
        string[] csv = await File.ReadAllLinesAsync(Path.Combine(outDir, "results.csv"));
        Assert.Equal(5, csv.Length);
        double[] scores = csv.Skip(1).Select(l => double.Parse(l.Split(',')[5], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);

        // Asking for 6 trials with the same log trains only the 2 new ones.
        var again = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["tune", space, "--data", data, "--target", "y", "--trials", "6", "--epochs", "20", "--out", outDir], again, new StringWriter()));
        Assert.Contains("6 trials (4 from the log)", again.ToString());
    }

    [Fact]
    public async Task Unknown_parameters_and_bad_spaces_name_the_field()
    {
        string data = Data();
        var error = new StringWriter();
        string unknown = Space("""{"parameters":[{"name":"dropout_rate","scale":"uniform","min":0,"max":1}]}""");
        Assert.Equal(2, await CommandLine.RunAsync(["tune", unknown, "--data", data, "--target", "y"], new StringWriter(), error));
        Assert.Contains("dropout_rate", error.ToString());

        var bad = new StringWriter();
        string inverted = Space("""{"parameters":[{"name":"learning_rate","scale":"log-uniform","min":0.1,"max":0.001}]}""");
        Assert.Equal(2, await CommandLine.RunAsync(["tune", inverted, "--data", data, "--target", "y"], new StringWriter(), bad));
        Assert.Contains("learning_rate", bad.ToString());
        Assert.Single(bad.ToString().Trim().Split('\n'));

        var workers = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["tune", inverted, "--data", data, "--target", "y", "--workers", "fork"], new StringWriter(), workers));
        Assert.Equal("backprop tune: --workers must be threads or processes; got 'fork'.", workers.ToString().Trim());
    }

    [Fact]
    public async Task Plots_show_score_against_each_hyperparameter()
    {
        string data = Data();
        string space = Space("""{"parameters":[{"name":"learning_rate","scale":"log-uniform","min":0.001,"max":0.1},{"name":"beta1","scale":"one-minus-beta","min":0.9,"max":0.999},{"name":"activation","scale":"choice","values":["relu","tanh"]}]}""");
        string outDir = Path.Combine(_folder, "out"), plots = Path.Combine(_folder, "plots");
        var output = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["tune", space, "--data", data, "--target", "y", "--trials", "5", "--epochs", "5", "--out", outDir, "--plots", plots, "--json"], output, new StringWriter()));

        string[] expected = ["score-vs-learning_rate.png", "score-vs-beta1.png", "score-vs-activation.png"];
        Assert.Equal(expected.Order(), Directory.GetFiles(plots).Select(Path.GetFileName).Order());
        foreach (string name in expected)
        {
            byte[] png = await File.ReadAllBytesAsync(Path.Combine(plots, name));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            Assert.True(png.Length > 10_000, $"{name} is only {png.Length} bytes");
        }
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(3, json.RootElement.GetProperty("plots").GetArrayLength());
    }

    [Fact]
    public void Log_axes_place_values_by_their_logarithm_and_betas_by_one_minus_beta()
    {
        var space = Backprop.Tuning.SearchSpace.Empty.LogUniform("learning_rate", 1e-4, 1).OneMinusBeta("beta1", 0.9, 0.999).Choice("activation", "relu", "tanh");
        Assert.Equal(-3, Charts.TuningCharts.Coordinate(space["learning_rate"], 0.001, []), 12);
        Assert.Equal(-2, Charts.TuningCharts.Coordinate(space["beta1"], 0.99, []), 12);
        Assert.Equal(1, Charts.TuningCharts.Coordinate(space["activation"], "tanh", ["relu", "tanh"]));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private static string Listing(params (string Name, string Path)[] files)
        => Sha256(Encoding.UTF8.GetBytes(string.Concat(files.Select(f => $"{f.Name}\t{new FileInfo(f.Path).Length}\t{Sha256(File.ReadAllBytes(f.Path))}\n"))));

    private static JsonElement SearchLine(string log)
    {
        using var json = JsonDocument.Parse(File.ReadLines(log).First());
        return json.RootElement.GetProperty("search").Clone();
    }

    private string RateSpace() => Space("""{"parameters":[{"name":"learning_rate","scale":"log-uniform","min":0.01,"max":0.1}]}""");

    [Fact]
    public async Task A_search_reads_an_npz_archive_with_its_keys_bound_in_the_log()
    {
        using var files = new DataFiles();
        string npz = files.WriteNpz();
        string space = RateSpace();
        string outDir = Path.Combine(_folder, "npz");
        var (exit, output, error) = await Cli.Run("tune", space, "--data", npz, "--x-key", "features", "--y-key", "labels", "--trials", "2", "--epochs", "30", "--out", outDir, "--json");
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal(2, json.RootElement.GetProperty("completed").GetInt32());
            Assert.Equal("dev_accuracy", json.RootElement.GetProperty("metric").GetString());
        }
        var search = SearchLine(Path.Combine(outDir, "tune-log.jsonl"));
        Assert.Equal(Sha256(File.ReadAllBytes(npz)), search.GetProperty("data_sha256").GetString());
        Assert.Equal("--x-key=features --y-key=labels", search.GetProperty("data_options").GetString());

        // Another array of the same archive is another search.
        (exit, _, error) = await Cli.Run("tune", space, "--data", npz, "--x-key", "labels", "--y-key", "labels", "--trials", "2", "--epochs", "30", "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains("its data_options is --x-key=features --y-key=labels, this run's is --x-key=labels --y-key=labels", error);
    }

    [Fact]
    public async Task Worker_processes_read_an_image_folder_bound_by_every_file_s_name_size_and_hash()
    {
        using var files = new DataFiles();
        string folder = files.WriteImageFolder();
        string space = RateSpace();
        string outDir = Path.Combine(_folder, "images");
        string[] search = ["tune", space, "--data", folder, "--image-size", "4x4", "--grayscale", "--trials", "3", "--epochs", "20", "--out", outDir];
        // The coordinator hands the format flags on to its worker processes.
        var (exit, output, error) = await Cli.Run([.. search, "--parallel", "2", "--workers", "processes"]);
        Assert.True(exit == 0, error);
        Assert.Contains("3 trials, run by 2 worker processes", output);

        string log = Path.Combine(outDir, "tune-log.jsonl");
        var images = Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories)
            .Select(f => (Name: Path.GetRelativePath(folder, f).Replace('\\', '/'), Path: f)).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        Assert.Equal(Listing(images), SearchLine(log).GetProperty("data_sha256").GetString());
        Assert.Equal("--image-size=4x4 --grayscale", SearchLine(log).GetProperty("data_options").GetString());

        // Rerun: every trial comes from the log. One changed image makes it other data.
        (exit, output, error) = await Cli.Run(search);
        Assert.True(exit == 0, error);
        Assert.Contains("3 trials (3 from the log)", output);
        File.Copy(images[0].Path, images[^1].Path, overwrite: true);
        (exit, _, error) = await Cli.Run(search);
        Assert.Equal(2, exit);
        Assert.Contains("its data_sha256 is", error);
    }

    [Fact]
    public void A_pair_of_files_is_bound_by_both_under_the_names_data_and_labels()
    {
        using var files = new DataFiles();
        var (images, labels) = files.WriteIdx();
        Assert.Equal(Listing(("data", images), ("labels", labels)), Inputs.DataFingerprint.Of(images, new Inputs.DataOptions { Labels = labels }));
        Assert.Equal(Sha256(File.ReadAllBytes(images)), Inputs.DataFingerprint.Of(images, new Inputs.DataOptions()));
    }

    [Fact]
    public async Task A_worker_given_another_space_or_other_data_than_its_log_stops_with_one_line()
    {
        string data = Data();
        string space = Space("""{"parameters":[{"name":"learning_rate","scale":"log-uniform","min":0.001,"max":0.1}]}""");
        string log = Path.Combine(_folder, "shared.jsonl");
        Assert.Equal(0, await CommandLine.RunAsync(["tune-worker", space, "--data", data, "--target", "y", "--trials", "2", "--epochs", "3", "--log", log], new StringWriter(), new StringWriter()));

        string other = Space("""{"parameters":[{"name":"learning_rate","scale":"log-uniform","min":0.001,"max":0.5}]}""");
        var error = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["tune-worker", other, "--data", data, "--target", "y", "--trials", "2", "--epochs", "3", "--log", log], new StringWriter(), error));
        Assert.Contains("belongs to another search: its space_sha256 is", error.ToString());
        Assert.Single(error.ToString().Trim().Split('\n'));

        Space("""{"parameters":[{"name":"learning_rate","scale":"log-uniform","min":0.001,"max":0.1}]}""");
        await File.AppendAllTextAsync(data, "0.5,0.5,1\n");
        error = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["tune-worker", space, "--data", data, "--target", "y", "--trials", "2", "--epochs", "3", "--log", log], new StringWriter(), error));
        Assert.Contains("its data_sha256 is", error.ToString());
    }

    [Fact]
    public async Task A_torn_last_line_is_tolerated_and_a_damaged_middle_line_is_named()
    {
        string data = Data();
        string space = Space("""{"parameters":[{"name":"learning_rate","scale":"log-uniform","min":0.001,"max":0.1}]}""");
        string outDir = Path.Combine(_folder, "out"), log = Path.Combine(outDir, "tune-log.jsonl");
        string[] Tune(int trials) => ["tune", space, "--data", data, "--target", "y", "--trials", trials.ToString(CultureInfo.InvariantCulture), "--epochs", "3", "--out", outDir];
        string[] tune = Tune(3);
        Assert.Equal(0, await CommandLine.RunAsync(tune, new StringWriter(), new StringWriter()));
        int lines = File.ReadAllLines(log).Length;

        // A writer killed mid-record: the partial line is skipped, then cut off before the next append.
        await File.AppendAllTextAsync(log, "{\"trial\":3,\"round\":0,\"se");
        var output = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(Tune(4), output, new StringWriter()));
        Assert.Contains("4 trials (3 from the log)", output.ToString());
        Assert.Equal(lines + 2, File.ReadAllLines(log).Length);

        // Damage in the middle is not a torn write: the error names the line.
        string[] all = File.ReadAllLines(log);
        all[2] = all[2][..20];
        await File.WriteAllLinesAsync(log, all);
        var error = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(tune, new StringWriter(), error));
        Assert.Contains("line 3: not a JSON record", error.ToString());
        Assert.Single(error.ToString().Trim().Split('\n'));
    }

    [Fact]
    public void Tune_and_tune_worker_exit_1_for_unfinished_trials_and_2_for_other_search_errors()
    {
        var search = TuneSearch.Load(new TuneSearch.Settings
        {
            Space = new FileInfo(Space("""{"parameters":[{"name":"hidden_units","scale":"int","min":2,"max":4}]}""")), Data = Data(), Target = "y",
        });
        // IncompleteSearchException is an InvalidOperationException, so its case must be told apart from the runner's other refusals.
        var unfinished = Assert.Throws<IncompleteSearchException>(() => search.Run(new RefusingRunner(new IncompleteSearchException("3 of 4 trials are unfinished.")), default));
        Assert.Equal(1, CommandLine.ExitCode(unfinished));
        Assert.Equal("3 of 4 trials are unfinished.", CommandLine.Message(unfinished));
        var other = Assert.Throws<InvalidDataException>(() => search.Run(new RefusingRunner(new InvalidOperationException("The log belongs to another search.")), default));
        Assert.Equal(2, CommandLine.ExitCode(other));
        Assert.Equal("The log belongs to another search.", CommandLine.Message(other));
    }

    /// <summary>A runner that refuses every search with <paramref name="refusal"/>, as <see cref="TuningRunner"/> does for a log it cannot use.</summary>
    private sealed class RefusingRunner(Exception refusal) : ITrialRunner
    {
        public Goal Goal => Goal.Maximize;

        public TuningResult Run(IReadOnlyList<Trial> trials, Func<Trial, CancellationToken, TrialOutcome> objective, CancellationToken cancellationToken = default) => throw refusal;
    }
}
