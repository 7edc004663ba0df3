using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Backprop.Cli.Charts;
using Backprop.Cli.Inputs;
using Backprop.Diagnostics;
using Backprop.Serialization;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop errors</c>: the course's error analysis in two steps. With <c>--model</c> it exports the dev
/// examples the model gets wrong (a CSV with empty tag columns, and for image data each image as a PNG plus a
/// grid); with <c>--tagged</c> it reads the CSV back once a person has tagged the rows and prints the ceiling
/// table. The work is <see cref="ErrorAnalysis"/>'s; this class reads flags and writes files.
/// </summary>
internal static partial class ErrorsCommand
{
    /// <summary>The exported files inside --out.</summary>
    internal const string CsvFile = "errors.csv", SummaryFile = "summary.json", GridFile = "misclassified.png", ImagesFolder = "images";

    /// <summary>The export settings, as parsed from the flags.</summary>
    internal sealed record ExportSettings(string Model, string Data, string? Target, DataOptions Formats, string Out, IReadOnlyList<string> Tags, bool Force, bool Json);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string?>("--model") { Description = "Export: a model file written by backprop train." };
        var data = new Option<string?>("--data") { Description = "Export: labelled dev data in any format train reads (see the format flags)." };
        var target = new Option<string?>("--target") { Description = "Export, CSV data: the label column." };
        var outPath = new Option<string?>("--out") { Description = $"Export: the folder for {CsvFile}, {SummaryFile} and, for image data, {ImagesFolder}/ and {GridFile}." };
        var tags = new Option<string?>("--tags") { Description = "Export: tag columns to add, comma-separated (e.g. dog,great-cat,blurry)." };
        var force = new Option<bool>("--force") { Description = $"Export: replace an existing {CsvFile} (which may hold your tags)." };
        var tagged = new Option<string?>("--tagged") { Description = $"Ceiling table: a tagged {CsvFile}." };
        var devError = new Option<double?>("--dev-error") { Description = $"Ceiling table: the dev error, a fraction (default: from {SummaryFile} beside the CSV)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var command = new Command("errors", "Error analysis: export misclassified dev examples to tag, then print the ceiling table.\n\n" +
            "Examples:\n  backprop errors --model m.bpmodel --data dev.h5 --x-key x --y-key y --tags dog,great-cat,blurry --out errors\n" +
            "  backprop errors --tagged errors/errors.csv")
        {
            model, data, target, outPath, tags, force, tagged, devError, json,
        };
        var formats = DataFlags.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(tagged) is { } taggedPath)
            {
                string[] exportOnly = [.. new Option[] { model, data, target, outPath, tags, force }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name)];
                if (exportOnly.Length > 0)
                    throw new ArgumentException($"--tagged reads a tagged CSV back; {string.Join(", ", exportOnly)} {(exportOnly.Length == 1 ? "is a flag" : "are flags")} of the export step.");
                return Ceilings(taggedPath, parse.GetValue(devError), parse.GetValue(json), output);
            }
            if (parse.GetResult(devError) is { Implicit: false })
                throw new ArgumentException("--dev-error belongs to the --tagged step.");
            string Required(Option<string?> option) => parse.GetValue(option)
                ?? throw new ArgumentException($"{option.Name} is missing: the command needs {option.Name} to export (or --tagged FILE to read a tagged CSV back).");
            return Export(new ExportSettings(Required(model), Required(data), parse.GetValue(target), formats.Read(parse), Required(outPath),
                ParseTags(parse.GetValue(tags)), parse.GetValue(force), parse.GetValue(json)), output);
        });
        return command;
    }

    private static string[] ParseTags(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    internal static int Export(ExportSettings s, TextWriter output)
    {
        var loaded = ModelFile.Load<float>(s.Model);
        var network = loaded.Network;
        var task = Tasks.Of(network);
        if (task == TaskKind.Regression)
            throw new ArgumentException($"'{s.Model}' is a regression model; error analysis needs a classifier.");
        string csv = Path.Combine(s.Out, CsvFile);
        if (File.Exists(csv) && !s.Force)
            throw new IOException($"'{csv}' exists and may hold your tags; pass --force to replace it.");

        var source = DataLoading.Load(s.Data, s.Target, s.Formats, loaded);
        var raw = source.Data;
        var prepared = Tasks.Prepare(raw, loaded.Normalizer, task, network.OutputSize);
        var classNames = loaded.ClassNames.Count > 0 ? loaded.ClassNames : raw.ClassNames;
        var (predicted, actual, probability) = MisclassifiedGrid.Classify(network, prepared);

        Directory.CreateDirectory(s.Out);
        int errors = ErrorAnalysis.ExportMisclassified(csv, predicted, actual, probability, s.Tags, classNames.Count > 0 ? classNames : null);
        double devError = (double)errors / raw.Count;
        var summary = new Dictionary<string, object?>
        {
            ["examples"] = raw.Count, ["errors"] = errors, ["dev_error"] = devError,
            ["model"] = Path.GetFullPath(s.Model), ["data"] = Path.GetFullPath(s.Data), ["csv"] = Path.GetFullPath(csv),
            ["images"] = null, ["grid"] = null,
        };
        if (source.Image is { } shape)
        {
            string images = Path.Combine(s.Out, ImagesFolder);
            Directory.CreateDirectory(images);
            // Images of an earlier export that are no longer errors would mislead; only this command's names are removed.
            foreach (string old in Directory.GetFiles(images, "*.png").Where(f => ImageName().IsMatch(Path.GetFileName(f))))
                File.Delete(old);
            var wrong = Enumerable.Range(0, raw.Count).Where(j => predicted[j] != actual[j]).ToArray();
            ImageGrid.SaveImages(raw.X, shape, wrong.Select(j => (j, Path.Combine(images, j.ToString(CultureInfo.InvariantCulture) + ".png"))));
            var tiles = wrong.Select(j => MisclassifiedGrid.Tile(j, actual[j], predicted[j], probability[j], classNames)).ToList();
            string grid = Path.Combine(s.Out, GridFile);
            MisclassifiedGrid.SaveGrid(raw, shape, tiles, raw.Count, "dev", grid);
            summary["images"] = Path.GetFullPath(images);
            summary["grid"] = Path.GetFullPath(grid);
        }
        AtomicFile.WriteAllText(Path.Combine(s.Out, SummaryFile), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }) + "\n");

        if (s.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(summary));
            return 0;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{errors} of {raw.Count} examples misclassified (dev error {devError:0.0000}); wrote {Path.GetFullPath(csv)}."));
        if (summary["grid"] is string gridPath)
            output.WriteLine($"Images: {summary["images"]}{Path.DirectorySeparatorChar}INDEX.png; grid: {gridPath}.");
        output.WriteLine(s.Tags.Count > 0
            ? $"Mark each row's tags ({string.Join(", ", s.Tags)}) with x, then run: backprop errors --tagged {csv}"
            : $"Add tag columns after '{ErrorAnalysis.FixedColumns[^1]}', mark each row with x, then run: backprop errors --tagged {csv}");
        return 0;
    }

    internal static int Ceilings(string path, double? devError, bool json, TextWriter output)
    {
        double error = devError ?? SummaryDevError(path);
        if (!(error >= 0 && error <= 1))
            throw new ArgumentException($"--dev-error must be a fraction in [0, 1] (write 8 % as 0.08); got {error.ToString(CultureInfo.InvariantCulture)}.");
        var table = ErrorAnalysis.ReadCeilingTable(path, error);
        if (!json)
        {
            output.Write(table.ToString());
            return 0;
        }
        output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["dev_error"] = table.DevError,
            ["errors"] = table.Errors,
            ["untagged"] = table.Untagged,
            ["rows"] = table.Rows.Select(r => new Dictionary<string, object> { ["tag"] = r.Tag, ["count"] = r.Count, ["fraction"] = r.Fraction, ["best_dev_error"] = r.BestDevError }).ToArray(),
        }));
        return 0;
    }

    /// <summary>The dev error recorded by the export in <see cref="SummaryFile"/> beside the CSV.</summary>
    private static double SummaryDevError(string csvPath)
    {
        string summary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csvPath))!, SummaryFile);
        if (!File.Exists(summary))
            throw new ArgumentException($"No {SummaryFile} beside '{csvPath}' records the dev error; pass --dev-error F (a fraction, e.g. 0.12).");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(summary));
            return document.RootElement.GetProperty("dev_error").GetDouble();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"'{summary}' has no readable dev_error ({CommandLine.OneLine(e)}); pass --dev-error F.", e);
        }
    }

    [GeneratedRegex("^[0-9]+\\.png$")]
    private static partial Regex ImageName();
}
