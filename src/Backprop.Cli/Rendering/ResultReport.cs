using System.Globalization;
using System.Text.Json;
using Backprop.Cli.Commands;
using Backprop.Data;
using Backprop.Layers;

namespace Backprop.Cli.Rendering;

/// <summary>The result object of <c>train</c> and <c>evaluate</c>: one JSON object with --json, else "key: value" lines.</summary>
internal static class ResultReport
{
    /// <summary>
    /// The result object, its keys always in this order: <c>task</c>, train/dev/test cost and accuracy, <c>epochs</c>,
    /// <c>seconds</c>, <c>model</c> (absolute path), then <c>test_mse</c> and <c>test_r2</c> for regression with a test set.
    /// A set not evaluated (and <c>evaluate</c>'s epochs and seconds) is null.
    /// </summary>
    public static Dictionary<string, object?> Create(
        TaskKind task, Network<float> network, (double Cost, double? Accuracy)? train, (double Cost, double? Accuracy)? dev,
        (double Cost, double? Accuracy)? test, Dataset<float>? testSet, int? epochs, double? seconds, string modelPath)
    {
        var result = new Dictionary<string, object?>
        {
            ["task"] = Tasks.Name(task),
            ["train_cost"] = train?.Cost, ["train_accuracy"] = train?.Accuracy,
            ["dev_cost"] = dev?.Cost, ["dev_accuracy"] = dev?.Accuracy,
            ["test_cost"] = test?.Cost, ["test_accuracy"] = test?.Accuracy,
            ["epochs"] = epochs, ["seconds"] = seconds, ["model"] = Path.GetFullPath(modelPath),
        };
        AddRegression(result, task, network, testSet);
        return result;
    }

    /// <summary>Adds the regression fields <c>test_mse</c> and <c>test_r2</c> when the task is regression and a test set exists.</summary>
    private static void AddRegression(Dictionary<string, object?> result, TaskKind task, Network<float> network, Dataset<float>? test)
    {
        if (task != TaskKind.Regression || test is null)
            return;
        var (mse, r2) = Tasks.Regression(network, test);
        result["test_mse"] = mse;
        result["test_r2"] = r2;
    }

    /// <summary>Prints the result: exactly one JSON object with <paramref name="json"/>, else the non-null fields one per line.</summary>
    public static void Print(TextWriter output, Dictionary<string, object?> result, bool json)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result));
            return;
        }
        foreach (var (key, value) in result)
            if (value is not null)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: {value}"));
    }
}
