using System.Globalization;
using System.Text;
using System.Text.Json;
using Backprop.Cli;

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
    }
}
