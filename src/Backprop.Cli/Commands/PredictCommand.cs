using System.CommandLine;
using System.Globalization;
using System.Text;
using Backprop.Cli.Inputs;
using Backprop.Serialization;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop predict</c>: writes one CSV row per input row — the predicted class name and each class's
/// probability (classification) or the predicted value (regression); for an image folder (with or without
/// class sub-folders) a first column <c>file</c> names each row's image. Written atomically.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "A model file written by backprop train.", Required = true };
        var data = new Option<string>("--data") { Description = "Inputs: a CSV file with the model's input columns (a target column, if present, is named by --target and ignored), an HDF5, IDX, .npy or .npz file, or an image folder (with class sub-folders, or of images alone).", Required = true };
        var target = new Option<string?>("--target") { Description = "CSV data: a column to leave out (e.g. the labels)." };
        var outPath = new Option<string>("--out") { Description = "The CSV file to write.", Required = true };
        var command = new Command("predict", "Predict with a model and write the predictions as CSV.\n\nExample:\n  backprop predict --model model.bpmodel --data new.csv --out predictions.csv")
        {
            model, data, target, outPath,
        };
        var formats = DataFlags.AddTo(command);
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(target), formats.Read(parse), parse.GetValue(outPath)!, output));
        return command;
    }

    internal static int Run(string modelPath, string dataPath, string? target, DataOptions formats, string outPath, TextWriter output)
    {
        var loaded = ModelFile.Load<float>(modelPath);
        var network = loaded.Network;
        // Labels named by the flags (a CSV --target, --y-key, --labels) are read and set aside.
        var inputs = DataLoading.LoadInputs(dataPath, target, formats, loaded);
        var x = inputs.Data.X;
        var files = inputs.Files;
        if (loaded.Normalizer is not null)
            loaded.Normalizer.TransformInPlace(x);
        var probabilities = network.Forward(x);
        var task = Tasks.Of(network);

        var text = new StringBuilder();
        var names = loaded.ClassNames;
        string Name(int k) => k < names.Count ? names[k] : k.ToString(CultureInfo.InvariantCulture);
        if (files is not null)
            text.Append("file,");
        if (task == TaskKind.Regression)
            text.Append("prediction\n");
        else if (task == TaskKind.Binary)
            text.Append(CultureInfo.InvariantCulture, $"class,probability_{Name(1)}\n");
        else
            text.Append("class,").AppendJoin(',', Enumerable.Range(0, network.OutputSize).Select(k => $"probability_{Name(k)}")).Append('\n');
        for (int j = 0; j < x.Columns; j++)
        {
            if (files is not null)
                text.Append(Field(files[j])).Append(',');
            if (task == TaskKind.Regression)
                text.Append(CultureInfo.InvariantCulture, $"{probabilities[0, j]:R}\n");
            else if (task == TaskKind.Binary)
                text.Append(CultureInfo.InvariantCulture, $"{Name(probabilities[0, j] > 0.5f ? 1 : 0)},{probabilities[0, j]:R}\n");
            else
            {
                int best = 0;
                for (int k = 1; k < network.OutputSize; k++)
                    if (probabilities[k, j] > probabilities[best, j]) best = k;
                text.Append(Name(best));
                for (int k = 0; k < network.OutputSize; k++)
                    text.Append(CultureInfo.InvariantCulture, $",{probabilities[k, j]:R}");
                text.Append('\n');
            }
        }
        string full = Path.GetFullPath(outPath);
        AtomicFile.WriteAllText(full, text.ToString());
        output.WriteLine($"Wrote {x.Columns} predictions to {full}.");
        return 0;
    }

    /// <summary>A CSV field: quoted (inner quotes doubled) when a file name holds a comma, quote or line break.</summary>
    private static string Field(string text)
        => text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
