using System.CommandLine;
using Backprop.Cli.Rendering;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Serialization;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop evaluate</c>: a saved model's cost and accuracy (or MSE and R²) on a labelled CSV file.</summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "A model file written by backprop train.", Required = true };
        var data = new Option<string>("--data") { Description = "A CSV file with the training columns and the target.", Required = true };
        var target = new Option<string>("--target") { Description = "The target column.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var command = new Command("evaluate", "Evaluate a model on labelled data.\n\nExample:\n  backprop evaluate --model model.bpmodel --data test.csv --target y --json")
        {
            model, data, target, json,
        };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(target)!, parse.GetValue(json), output, error));
        return command;
    }

    internal static int Run(string modelPath, string dataPath, string target, bool json, TextWriter output, TextWriter error)
    {
        var loaded = ModelFile.Load<float>(modelPath);
        var network = loaded.Network;
        var task = Tasks.Of(network);
        var data = CsvFile.ReadDataset<float>(dataPath, target);
        if (loaded.ClassNames.Count > 0 && data.ClassNames.Count > 0 && !data.ClassNames.All(loaded.ClassNames.Contains))
            throw new InvalidDataException($"'{dataPath}' has classes the model does not know: {string.Join(", ", data.ClassNames.Except(loaded.ClassNames))}.");
        if (loaded.Normalizer is not null)
            data = loaded.Normalizer.Transform(data);
        data = Tasks.Encode(data, task, network.OutputSize);
        var (cost, accuracy) = Tasks.Evaluate(network, data);
        var result = new Dictionary<string, object?>
        {
            ["task"] = Tasks.Name(task),
            ["train_cost"] = null, ["train_accuracy"] = null, ["dev_cost"] = null, ["dev_accuracy"] = null,
            ["test_cost"] = cost, ["test_accuracy"] = accuracy,
            ["epochs"] = null, ["seconds"] = null, ["model"] = Path.GetFullPath(modelPath),
        };
        ResultReport.AddRegression(result, task, network, data);
        ResultReport.Print(output, result, json);
        return 0;
    }
}
