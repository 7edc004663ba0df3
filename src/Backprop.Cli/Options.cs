using System.Globalization;
using Backprop.Activations;

namespace Backprop.Cli;

/// <summary>Parsing of option values shared by the commands; each failure writes one line naming the option.</summary>
internal static class Options
{
    /// <summary>Parses "64,32" into layer sizes (each ≥ 1).</summary>
    public static bool TryParseSizes(string text, string option, out int[] sizes, TextWriter error)
    {
        sizes = [];
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var result = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out result[i]) || result[i] < 1)
            {
                error.WriteLine($"backprop: {option} expects positive integers separated by commas; '{parts[i]}' is not one.");
                return false;
            }
        }
        sizes = result;
        return true;
    }

    /// <summary>Parses relu, tanh, sigmoid, leaky-relu or linear.</summary>
    public static bool TryParseActivation(string text, out Activation activation, TextWriter error)
    {
        Activation? parsed = text.ToLowerInvariant() switch
        {
            "relu" => Activation.ReLU,
            "tanh" => Activation.Tanh,
            "sigmoid" => Activation.Sigmoid,
            "leaky-relu" => Activation.LeakyReLU(),
            "linear" => Activation.Linear,
            _ => null,
        };
        activation = parsed ?? Activation.ReLU;
        if (parsed is null)
            error.WriteLine($"backprop: --activation must be relu, tanh, sigmoid, leaky-relu or linear; got '{text}'.");
        return parsed is not null;
    }
}
