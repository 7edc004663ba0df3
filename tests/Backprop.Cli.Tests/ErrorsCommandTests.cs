using System.Globalization;
using System.Text.Json;

namespace Backprop.Cli.Tests;

public sealed class ErrorsCommandTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Export_lists_the_misfiled_images_with_their_pngs_and_grid()
    {
        // Bright images 1, 3 and 5 are filed under "dark"; a model that learned brightness calls them bright.
        // Reading order: 17 bright files, then dark/000.png … — so the misfiled 001, 003, 005 are examples 18, 20, 22.
        string folder = _files.WriteImageFolder(misfiled: 3);
        string model = _files.PathOf("m.bpmodel"), outDir = _files.PathOf("errors");
        var (exit, _, error) = await Cli.Run("train", "--data", folder, "--image-size", "4x4", "--grayscale", "--layers", "4", "--epochs", "30",
            "--lr", "0.05", "--batch-size", "8", "--out", model, "--plots", _files.PathOf("plots"), "--quiet");
        Assert.True(exit == 0, error);
        Assert.True(new FileInfo(_files.PathOf("plots/misclassified.png")).Length > 2000);

        (exit, var output, error) = await Cli.Run("errors", "--model", model, "--data", folder, "--tags", "blurry,dog", "--out", outDir, "--json");
        Assert.True(exit == 0, error);
        string[] lines = await File.ReadAllLinesAsync(Path.Combine(outDir, "errors.csv"));
        Assert.Equal("index,true_label,predicted_label,probability,blurry,dog", lines[0]);
        Assert.Equal(["18", "20", "22"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(lines.Skip(1), l => Assert.StartsWith("dark,bright,", string.Join(',', l.Split(',')[1..]), StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.EndsWith(",,", l, StringComparison.Ordinal));
        Assert.Equal(["18.png", "20.png", "22.png"], Directory.GetFiles(Path.Combine(outDir, "images")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(new FileInfo(Path.Combine(outDir, "misclassified.png")).Length > 2000);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal(40, json.RootElement.GetProperty("examples").GetInt32());
            Assert.Equal(3, json.RootElement.GetProperty("errors").GetInt32());
            Assert.Equal(3 / 40.0, json.RootElement.GetProperty("dev_error").GetDouble());
        }

        // A second export does not overwrite a file that may hold tags, unless told to.
        (exit, _, error) = await Cli.Run("errors", "--model", model, "--data", folder, "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains("exists and may hold your tags; pass --force", error);

        // The person tags the rows; the dev error comes from summary.json: 3/40 = 0.075.
        await File.WriteAllLinesAsync(Path.Combine(outDir, "errors.csv"), [lines[0], lines[1] + "x", lines[2][..^1] + "x,", lines[3][..^1] + "yes,1"]);
        (exit, output, error) = await Cli.Run("errors", "--tagged", Path.Combine(outDir, "errors.csv"), "--json");
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(output))
        {
            var rows = json.RootElement.GetProperty("rows");
            Assert.Equal("blurry", rows[0].GetProperty("tag").GetString());
            Assert.Equal(2, rows[0].GetProperty("count").GetInt32());
            Assert.Equal(0.075 * (1 - 2 / 3.0), rows[0].GetProperty("best_dev_error").GetDouble(), 1e-15);
            Assert.Equal(0.075 * (1 - 2 / 3.0), rows[1].GetProperty("best_dev_error").GetDouble(), 1e-15);
        }
    }

    /// <summary>10 errors on a dev set with 10 % error: dog 5 → 0.05, great-cat 4 → 0.06, blurry 1 → 0.09; two untagged.</summary>
    private string WriteTagged(string folder, string? summaryDevError)
    {
        Directory.CreateDirectory(folder);
        string csv = Path.Combine(folder, "errors.csv");
        string[] tags = ["x,,", ",x,", "x,x,", ",,", "1,,", ",yes,x", "X,,", ",x,", "x,,", " , ,"];
        File.WriteAllLines(csv, ["index,true_label,predicted_label,probability,dog,great-cat,blurry",
            .. tags.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{i * 7},cat,other,0.6,{t}"))]);
        if (summaryDevError is not null)
            File.WriteAllText(Path.Combine(folder, "summary.json"), $"{{\"examples\": 100, \"errors\": 10, \"dev_error\": {summaryDevError}}}");
        return csv;
    }

    [Fact]
    public async Task Ceiling_table_matches_hand_computed_numbers()
    {
        string csv = WriteTagged(_files.PathOf("tagged"), "0.1");
        var (exit, output, error) = await Cli.Run("errors", "--tagged", csv);
        Assert.True(exit == 0, error);
        string[] lines = output.TrimEnd().Split('\n');
        Assert.Equal("category   count  % of errors  best dev error", lines[0]);
        Assert.Equal("dog            5        50.0 %          0.0500", lines[1]);
        Assert.Equal("great-cat      4        40.0 %          0.0600", lines[2]);
        Assert.Equal("blurry         1        10.0 %          0.0900", lines[3]);
        Assert.Equal("10 errors examined, 2 untagged; dev error 0.1000", lines[4]);

        (exit, output, error) = await Cli.Run("errors", "--tagged", csv, "--dev-error", "0.2", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(0.2, json.RootElement.GetProperty("dev_error").GetDouble());
        Assert.Equal(2, json.RootElement.GetProperty("untagged").GetInt32());
        var rows = json.RootElement.GetProperty("rows");
        Assert.Equal([0.5, 0.4, 0.1], rows.EnumerateArray().Select(r => r.GetProperty("fraction").GetDouble()));
        Assert.Equal(0.1, rows[0].GetProperty("best_dev_error").GetDouble(), 1e-15);
        Assert.Equal(0.12, rows[1].GetProperty("best_dev_error").GetDouble(), 1e-15);
        Assert.Equal(0.18, rows[2].GetProperty("best_dev_error").GetDouble(), 1e-15);
    }

    [Theory]
    [InlineData("value", "line 3, column 'great-cat': 'maybe' is not a tag value")]
    [InlineData("columns", "line 1, column 'predicted': column 3 must be 'predicted_label'")]
    [InlineData("fields", "line 2: the row has 6 fields but the header has 7")]
    [InlineData("no-dev-error", "pass --dev-error F")]
    [InlineData("dev-error-range", "--dev-error must be a fraction in [0, 1] (write 8 % as 0.08); got 8")]
    [InlineData("mixed", "--tagged reads a tagged CSV back; --out is a flag of the export step")]
    public async Task Bad_tagged_input_is_one_line(string kind, string expected)
    {
        string csv = WriteTagged(_files.PathOf(kind), kind == "no-dev-error" ? null : "0.1");
        string[] lines = File.ReadAllLines(csv);
        if (kind == "value")
            lines[2] = lines[2].Replace(",x,", ",maybe,", StringComparison.Ordinal);
        if (kind == "columns")
            lines[0] = lines[0].Replace("predicted_label", "predicted", StringComparison.Ordinal);
        if (kind == "fields")
            lines[1] = lines[1][..lines[1].LastIndexOf(',')];
        File.WriteAllLines(csv, lines);
        string[] extra = kind switch { "dev-error-range" => ["--dev-error", "8"], "mixed" => ["--out", "x"], _ => [] };

        var (exit, output, error) = await Cli.Run(["errors", "--tagged", csv, .. extra]);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task Export_needs_model_data_and_out()
    {
        var (exit, _, error) = await Cli.Run("errors", "--model", "m.bpmodel", "--out", "x");
        Assert.Equal(2, exit);
        Assert.Contains("needs --data to export (or --tagged FILE", error);
    }
}
