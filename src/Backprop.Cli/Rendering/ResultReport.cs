using System.Globalization;
using System.Text.Json;
using Backprop.Cli.Commands;
using Backprop.Data;
using Backprop.Layers;

namespace Backprop.Cli.Rendering;

/// <summary>The result object of <c>train</c> and <c>evaluate</c>: one JSON object with --json, else "key: value" lines.</summary>
internal static class ResultReport
{
    /// <summary>Adds the regression fields <c>test_mse</c> and <c>test_r2</c> when the task is regression and a test set exists.</summary>
    public static void AddRegression(Dictionary<string, object?> result, TaskKind task, Network<float> network, Dataset<float>? test)
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
