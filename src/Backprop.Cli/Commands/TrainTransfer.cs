using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Regularization;
using Backprop.Serialization;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop train --from MODEL [--freeze K]</c>: transfer learning as the course describes it. Every layer
/// of the trained model but its output layer is kept (with its input normalization), the first K hidden layers
/// are frozen, and a new output layer sized for this data's task and classes is trained on top.
/// </summary>
internal static class TrainTransfer
{
    /// <summary>Flags that describe the kept layers, which come from the model instead.</summary>
    private static readonly string[] ArchitectureFlags = ["--layers", "--activation", "--batch-norm", "--keep-prob"];

    /// <summary>Reads the source model, rejecting flags that cannot apply to it and data it cannot take.</summary>
    /// <exception cref="ArgumentException">An architecture flag was given, or the data's feature count differs from the model's inputs.</exception>
    public static LoadedModel<float> Load(TrainCommand.Settings s, int features, IRandomSource random)
    {
        if (s.Spec is not null)
            throw new ArgumentException("--from cannot be combined with --spec.");
        if (s.FlagsGiven.FirstOrDefault(ArchitectureFlags.Contains) is { } flag)
            throw new ArgumentException($"{flag} cannot be combined with --from: the kept layers come from the model '{s.From}'.");
        // Dropout layers kept from the model draw their masks from this run's generator.
        var source = ModelFile.Load<float>(s.From!, random);
        if (features != source.Network.InputSize)
            throw new ArgumentException($"--from: the model '{s.From}' takes {source.Network.InputSize} input features but '{s.Data}' has {features}.");
        return source;
    }

    /// <summary>The source's layers up to its output layer, the first <see cref="TrainCommand.Settings.Freeze"/> hidden layers frozen, and a new head.</summary>
    /// <exception cref="ArgumentException">More hidden layers are to be frozen than the model has.</exception>
    public static Network<float> Build(LoadedModel<float> source, TrainCommand.Settings s, TaskKind task, int classes, IRandomSource random)
    {
        var trained = source.Network;
        // Keep everything before the output layer: hidden dense layers with their batch norm, activation and dropout.
        int keep = trained.Layers.Count - 1;
        if (keep < 1)
            throw new ArgumentException($"--from: the model '{s.From}' has no hidden layers to transfer (only its output layer).");
        var denseStarts = Enumerable.Range(0, keep).Where(i => trained.Layers[i] is DenseLayer<float>).ToList();
        int freeze = s.Freeze ?? 0;
        if (freeze < 0 || freeze > denseStarts.Count)
            throw new ArgumentException($"--freeze {freeze}: the model '{s.From}' has {denseStarts.Count} hidden layers, so 0 to {denseStarts.Count} can be frozen.");

        var init = Tasks.OutputInitializer(Options.ParseInitializer(s.Init));
        var head = Tasks.Output(new NetworkBuilder(trained.Layers[keep - 1].OutputSize), task, classes, init);
        if (s.L2 != 0)
            head.WithRegularization(Regularizer.L2(s.L2));
        var network = TransferLearning.ReplaceHead(trained, keep, head, random, freeze: false);
        // A hidden layer is its dense layer and what follows it up to the next one (batch norm, activation, dropout).
        network.Freeze(freeze == denseStarts.Count ? keep : denseStarts[freeze]);
        return network;
    }
}
