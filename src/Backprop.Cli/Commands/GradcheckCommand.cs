using System.CommandLine;
using System.Text.Json;
using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop gradcheck</c>: builds a network of the given hidden sizes in double precision, draws a small
/// random batch, and compares backpropagation's gradient with two-sided differences, as the course does.
/// </summary>
internal static class GradcheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var layersOption = new Option<string>("--layers") { Description = "Hidden layer sizes, comma-separated (e.g. 5,3).", DefaultValueFactory = _ => "5,3" };
        var activationOption = new Option<string>("--activation") { Description = "Hidden activation: relu, tanh, sigmoid, leaky-relu or linear.", DefaultValueFactory = _ => Options.DefaultActivation };
        var inputsOption = new Option<int>("--inputs") { Description = "Input features.", DefaultValueFactory = _ => 4 };
        var examplesOption = new Option<int>("--examples") { Description = "Examples in the batch.", DefaultValueFactory = _ => 7 };
        var seedOption = new Option<int>("--seed") { Description = "Seed of the weights and the batch.", DefaultValueFactory = _ => 1 };
        var jsonOption = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var command = new Command("gradcheck", "Check backpropagation against two-sided differences (ε = 1e-7) on a small random network.\n\nExample:\n  backprop gradcheck --layers 5,3 --activation tanh --json")
        {
            layersOption, activationOption, inputsOption, examplesOption, seedOption, jsonOption,
        };
        command.SetAction(parse => Run(parse.GetValue(layersOption)!, parse.GetValue(activationOption)!, parse.GetValue(inputsOption),
            parse.GetValue(examplesOption), parse.GetValue(seedOption), parse.GetValue(jsonOption), output));
        return command;
    }

    internal static int Run(string layers, string activationName, int inputs, int examples, int seed, bool json, TextWriter output)
    {
        int[] sizes = Options.ParseSizes(layers, "--layers");
        var activation = Options.ParseActivation(activationName);
        if (inputs < 1 || examples < 1)
            throw new ArgumentException($"--inputs and --examples must be at least 1 (got {inputs} and {examples}).");
        var random = new FastRandom((ulong)seed);
        var builder = new NetworkBuilder(inputs);
        foreach (int units in sizes)
            builder.Dense(units, activation, Initializer.Xavier);
        var network = builder.Dense(1, Activation.Sigmoid, Initializer.Xavier).Build<double>(random);
        var x = new Matrix<double>(inputs, examples);
        random.FillGaussian(x.Span);
        var y = new Matrix<double>(1, examples);
        for (int j = 0; j < examples; j++)
            y[0, j] = random.NextDouble() < 0.5 ? 0 : 1;

        var report = GradientCheck.Run(network, x, y);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["relative_difference"] = report.RelativeDifference,
                ["verdict"] = report.Verdict.ToString().ToLowerInvariant(),
                ["worst"] = report.Worst.Select(e => new Dictionary<string, object>
                {
                    ["parameter"] = e.Parameter, ["row"] = e.Row, ["column"] = e.Column,
                    ["analytic"] = e.Analytic, ["numeric"] = e.Numeric,
                }).ToArray(),
            }));
        }
        else
        {
            output.WriteLine(network.Summary());
            output.WriteLine(report.ToString());
        }
        return report.Verdict == GradientCheckVerdict.Wrong ? CommandLine.Failure : 0;
    }
}
