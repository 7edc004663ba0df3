using System.CommandLine;
using System.Globalization;
using Backprop.Activations;
using Backprop.Cli.Charts;
using Backprop.Cli.Rendering;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop demo</c>: trains a deep network on the course's planar "flower" data (generated in code,
/// no files needed), shows progress, prints the accuracies and writes the model and plots into an output folder.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var outOption = new Option<DirectoryInfo>("--out") { Description = "Folder for the plots.", DefaultValueFactory = _ => new DirectoryInfo("backprop-demo") };
        var epochsOption = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 400 };
        var seedOption = new Option<int>("--seed") { Description = "Seed of the weights and the shuffling.", DefaultValueFactory = _ => 3 };
        var quietOption = new Option<bool>("--quiet") { Description = "No progress output." };
        var command = new Command("demo", "Train a deep network on generated 2-D data (no files needed) and write plots.\n\nExample:\n  backprop demo --out ./backprop-demo")
        {
            outOption, epochsOption, seedOption, quietOption,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new Settings(parse.GetValue(outOption)!, parse.GetValue(epochsOption), parse.GetValue(seedOption), parse.GetValue(quietOption));
            return Task.FromResult(Run(settings, output, error, cancellationToken));
        });
        return command;
    }

    /// <summary>The demo's settings.</summary>
    internal sealed record Settings(DirectoryInfo Out, int Epochs, int Seed, bool Quiet);

    internal static int Run(Settings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (settings.Epochs < 1)
            throw new ArgumentException($"--epochs must be at least 1 (got {settings.Epochs}).");
        var train = PlanarFlower.Generate<float>(seed: 1);
        var dev = PlanarFlower.Generate<float>(seed: 2);
        var network = new NetworkBuilder(2)
            .Dense(16, Activation.Tanh, Initializer.Xavier)
            .Dense(8, Activation.ReLU, Initializer.He)
            .Dense(1, Activation.Sigmoid, Initializer.Xavier)
            .Build<float>(new FastRandom((ulong)settings.Seed));
        output.WriteLine("Planar flower data: 400 training and 400 dev points, generated in code.");
        output.WriteLine(network.Summary());

        var recorder = new HistoryRecorder();
        var options = new TrainingOptions
        {
            Optimizer = new Adam(0.01),
            Epochs = settings.Epochs,
            BatchSize = 64,
            Seed = (ulong)settings.Seed,
            CostEvery = 10,
        };
        var history = LiveProgress.Run(error, settings.Epochs, settings.Quiet, progress =>
            Trainer.Train(network, train, options with { Callbacks = progress is null ? [recorder] : [recorder, progress] },
                validation: dev, cancellationToken: cancellationToken));

        double trainAccuracy = Accuracy.Binary(network.Forward(train.X), train.Y);
        double devAccuracy = Accuracy.Binary(network.Forward(dev.X), dev.Y);
        Directory.CreateDirectory(settings.Out.FullName);
        string modelPath = Path.Combine(settings.Out.FullName, "flower.bpmodel");
        ModelFile.Save(network, modelPath, new ModelMetadata
        {
            ClassNames = train.ClassNames,
            Properties = new Dictionary<string, string> { ["data"] = "planar flower (generated, seed 1)", ["epochs"] = history.Epochs.ToString(CultureInfo.InvariantCulture) },
        });
        string costPlot = Path.Combine(settings.Out.FullName, "cost.png");
        string boundaryPlot = Path.Combine(settings.Out.FullName, "decision-boundary.png");
        CostChart.Save(recorder, costPlot);
        DecisionBoundaryChart.Save(network, train, boundaryPlot);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Trained {history.Epochs} epochs in {history.Elapsed.TotalSeconds:F2} s: cost {history.FinalCost:F4}, train accuracy {trainAccuracy:P2}, dev accuracy {devAccuracy:P2}."));
        output.WriteLine($"Model: {modelPath}");
        output.WriteLine($"Plots: {costPlot}, {boundaryPlot}");
        return 0;
    }
}
