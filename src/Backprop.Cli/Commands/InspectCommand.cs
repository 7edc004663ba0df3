using System.CommandLine;
using System.Text.Json;
using Backprop.Serialization;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop inspect MODEL</c>: the layers, parameter counts, loss, classes and metadata of a model file.</summary>
internal static class InspectCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var modelArgument = new Argument<FileInfo>("model") { Description = "A model file written by backprop or ModelFile.Save." };
        var jsonOption = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var command = new Command("inspect", "Show what a model file holds.\n\nExample:\n  backprop inspect backprop-demo/flower.bpmodel --json")
        {
            modelArgument, jsonOption,
        };
        command.SetAction(parse => Run(parse.GetValue(modelArgument)!, parse.GetValue(jsonOption), output));
        return command;
    }

    internal static int Run(FileInfo model, bool json, TextWriter output)
    {
        var loaded = ModelFile.Load<float>(model.FullName);
        var network = loaded.Network;
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["model"] = model.FullName,
                ["element_type"] = loaded.StoredElementType == typeof(double) ? "float64" : "float32",
                ["inputs"] = network.InputSize,
                ["outputs"] = network.OutputSize,
                ["layers"] = network.Layers.Select(l => new Dictionary<string, object>
                {
                    ["layer"] = l.ToString() ?? "",
                    ["parameters"] = l.Parameters.Sum(p => (long)p.Count),
                }).ToArray(),
                ["parameters"] = network.ParameterCount,
                ["loss"] = network.Loss.Name,
                ["regularization"] = network.Regularizer?.Name,
                ["classes"] = loaded.ClassNames,
                ["normalized_inputs"] = loaded.Normalizer is not null,
                ["metadata"] = loaded.Metadata.Properties,
            }));
            return 0;
        }
        output.WriteLine($"{model.FullName} ({(loaded.StoredElementType == typeof(double) ? "float64" : "float32")})");
        output.WriteLine(network.Summary());
        if (loaded.ClassNames.Count > 0)
            output.WriteLine($"Classes: {string.Join(", ", loaded.ClassNames)}");
        if (loaded.Normalizer is not null)
            output.WriteLine($"Input normalization: {loaded.Normalizer}");
        // Multi-line values (a checkpoint's history and spec) would bury the rest; --json prints them whole.
        foreach (var (key, value) in loaded.Metadata.Properties)
            output.WriteLine(value.Contains('\n', StringComparison.Ordinal) ? $"{key}: ({value.TrimEnd('\n').Split('\n').Length} lines; --json shows them)" : $"{key}: {value}");
        return 0;
    }
}
