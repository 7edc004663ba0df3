using System.CommandLine;
using Backprop.Cli.Inputs;
using Backprop.Cli.Rendering;
using Backprop.Data;
using Backprop.Serialization;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop evaluate</c>: a saved model's cost and accuracy (or MSE and R²) on labelled data in any supported format.</summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "A model file written by backprop train.", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled data: a CSV file, an HDF5, IDX, .npy or .npz file, or an image folder (see the format flags).", Required = true };
        var target = new Option<string?>("--target") { Description = "CSV data: the target column." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var command = new Command("evaluate", "Evaluate a model on labelled data.\n\nExample:\n  backprop evaluate --model model.bpmodel --data test.csv --target y --json")
        {
            model, data, target, json,
        };
        var formats = DataFlags.AddTo(command);
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(target), formats.Read(parse), parse.GetValue(json), output, error));
        return command;
    }

    internal static int Run(string modelPath, string dataPath, string? target, DataOptions formats, bool json, TextWriter output, TextWriter error)
    {
        var loaded = ModelFile.Load<float>(modelPath);
        var network = loaded.Network;
        var task = Tasks.Of(network);
        var data = Tasks.Prepare(DataLoading.Load(dataPath, target, formats, loaded).Data, loaded.Normalizer, task, network.OutputSize);
        var (cost, accuracy) = Tasks.Evaluate(network, data);
        var result = ResultReport.Create(task, network, train: null, dev: null, test: (cost, accuracy), testSet: data, epochs: null, seconds: null, modelPath);
        ResultReport.Print(output, result, json);
        return 0;
    }
}
