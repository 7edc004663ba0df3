using System.Globalization;
using Backprop.Layers;
using Backprop.Regularization;
using Backprop.Serialization;
using Backprop.Training;
using Backprop.Training.Callbacks;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop train</c>'s checkpoints: the <c>--checkpoint-dir</c> callback, the settings stored with each
/// checkpoint, and <c>--resume</c>: the checkpoint's settings as defaults, the flags that may change between
/// runs ("panda" babysitting: learning rate, epochs, batch size, λ, keep_prob, early stopping, decay) and
/// those that may not (architecture, data shape, optimizer kind, seed and split).
/// </summary>
internal static class TrainCheckpoints
{
    /// <summary>Prefix of the checkpoint metadata properties that record the run's settings.</summary>
    private const string Prefix = "train.";

    /// <summary>A setting stored in a checkpoint: its flag, whether a resumed run may change it, and how to read and set it as text.</summary>
    private sealed record Setting(string Flag, bool CanChange, Func<TrainCommand.Settings, string> Get, Func<TrainCommand.Settings, string, TrainCommand.Settings> Set);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Count(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static double Double(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static int? Int(string text) => text.Length == 0 ? null : int.Parse(text, CultureInfo.InvariantCulture);

    private static readonly Setting[] Settings =
    [
        new("--target", false, s => s.Target ?? "", (s, v) => s with { Target = v.Length == 0 ? null : v }),
        new("--task", false, s => s.Task ?? "", (s, v) => s with { Task = v }),
        new("--layers", false, s => s.Layers, (s, v) => s with { Layers = v }),
        new("--activation", false, s => s.Activation, (s, v) => s with { Activation = v }),
        new("--batch-norm", false, s => s.BatchNorm ? "true" : "false", (s, v) => s with { BatchNorm = v == "true" }),
        new("--init", false, s => s.Init, (s, v) => s with { Init = v }),
        new("--optimizer", false, s => s.Optimizer, (s, v) => s with { Optimizer = v }),
        new("--normalize", false, s => s.Normalize ? "true" : "false", (s, v) => s with { Normalize = v == "true" }),
        new("--seed", false, s => Count(s.Seed), (s, v) => s with { Seed = Int(v) ?? 1 }),
        new("--dev-split", false, s => Text(s.DevSplit), (s, v) => s with { DevSplit = Double(v) }),
        new("--from", false, s => s.From is null ? "" : Path.GetFullPath(s.From), (s, v) => s with { From = v.Length == 0 ? null : v }),
        new("--freeze", false, s => Count(s.Freeze), (s, v) => s with { Freeze = Int(v) }),
        new("--lr", true, s => s.LearningRate is double lr ? Text(lr) : "", (s, v) => s with { LearningRate = v.Length == 0 ? null : Double(v) }),
        new("--epochs", true, s => Count(s.Epochs), (s, v) => s with { Epochs = Int(v) ?? 0 }),
        new("--batch-size", true, s => Count(s.BatchSize ?? 0), (s, v) => s with { BatchSize = Int(v) }),
        new("--l2", true, s => Text(s.L2), (s, v) => s with { L2 = Double(v) }),
        new("--keep-prob", true, s => Text(s.KeepProb), (s, v) => s with { KeepProb = Double(v) }),
        new("--early-stopping", true, s => Count(s.EarlyStopping), (s, v) => s with { EarlyStopping = Int(v) }),
        new("--decay-rate", true, s => s.DecayRate is double r ? Text(r) : "", (s, v) => s with { DecayRate = v.Length == 0 ? null : Double(v) }),
        new("--decay-interval", true, s => Count(s.DecayInterval), (s, v) => s with { DecayInterval = Int(v) }),
    ];

    /// <summary>
    /// The settings of a run as checkpoint properties (<c>train.layers</c>, …), with the task and learning rate
    /// actually used, and the spec of a --spec run (<c>train.spec</c>, its JSON), so either resumes from the checkpoint alone.
    /// </summary>
    public static Dictionary<string, string> Describe(TrainCommand.Settings s, TrainingSpec? spec, TaskKind task, double learningRate)
    {
        var effective = s with { Task = Tasks.Name(task), LearningRate = learningRate };
        var properties = Settings.ToDictionary(setting => Prefix + setting.Flag[2..], setting => setting.Get(effective), StringComparer.Ordinal);
        properties[TrainSpecResume.Property] = spec?.ToJson() ?? "";
        return properties;
    }

    /// <summary>
    /// The settings of a resumed run: the checkpoint's, overridden by the flags given now where they may change;
    /// and for a run started with --spec, its spec with the changes (see <see cref="TrainSpecResume"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A flag that cannot change was given with another value, or the checkpoint was not written by <c>backprop train</c>.</exception>
    public static (TrainCommand.Settings Settings, TrainingSpec? Spec) Merge(TrainCommand.Settings s, TrainingCheckpoint<float> checkpoint)
    {
        var saved = checkpoint.Metadata.Properties;
        var spec = TrainSpecResume.Saved(checkpoint);
        if (spec is null && s.Spec is not null)
            throw new ArgumentException($"--spec cannot be given with --resume '{checkpoint.Path}': that run was trained from flags, and the checkpoint holds its settings (change lr, epochs, batch size, l2, keep-prob, early stopping or decay with their flags).");
        foreach (var setting in Settings)
        {
            if (!saved.TryGetValue(Prefix + setting.Flag[2..], out string? value))
                throw new ArgumentException($"--resume: '{checkpoint.Path}' has no saved setting {setting.Flag}; only checkpoints written by backprop train --checkpoint-dir can be resumed here.");
            bool given = s.FlagsGiven.Contains(setting.Flag);
            // A spec run's model settings are in its spec: the panda flags change the spec, the others cannot be given.
            if (spec is not null && TrainCommand.ModelFlags.Contains(setting.Flag))
            {
                if (given && !setting.CanChange)
                    throw new ArgumentException($"{setting.Flag} cannot be given when resuming '{checkpoint.Path}': it was trained with --spec, whose settings the checkpoint holds.");
                continue;
            }
            if (!given)
            {
                s = setting.Set(s, value);
                continue;
            }
            if (setting.CanChange)
                continue;
            string now = setting.Get(s);
            bool same = setting.Flag switch
            {
                "--dev-split" => Double(now) == Double(value),
                "--from" => now == value,
                _ => string.Equals(now, value, StringComparison.OrdinalIgnoreCase),
            };
            if (!same)
                throw new ArgumentException($"{setting.Flag} cannot change when resuming: the checkpoint '{checkpoint.Path}' was trained with {setting.Flag} {(value.Length == 0 ? "(none)" : value)}, not {(now.Length == 0 ? "(none)" : now)}.");
        }
        return (s, spec is null ? null : TrainSpecResume.Resumed(spec, s, checkpoint.Path));
    }

    /// <summary>Rejects data whose shape the checkpoint's network cannot take.</summary>
    public static void CheckData(TrainingCheckpoint<float> checkpoint, string data, int features, TaskKind task, int classes, IReadOnlyList<string> classNames)
    {
        var network = checkpoint.Network;
        if (features != network.InputSize)
            throw new ArgumentException($"data shape: '{data}' has {features} feature columns but the checkpoint's network takes {network.InputSize} inputs.");
        if (task == TaskKind.Multiclass && classes != network.OutputSize)
            throw new ArgumentException($"data shape: '{data}' has {classes} classes but the checkpoint's network has {network.OutputSize} outputs.");
        var saved = checkpoint.Metadata.ClassNames;
        if (saved.Count > 0 && classNames.Count > 0 && !saved.SequenceEqual(classNames))
            throw new ArgumentException($"data shape: the classes of '{data}' ({string.Join(", ", classNames)}) differ from the checkpoint's ({string.Join(", ", saved)}).");
    }

    /// <summary>
    /// The checkpoint's network with the λ and keep_prob given for this run, if any (the layers are shared, so
    /// the weights continue). Without the flags the saved network is used as it is, which also keeps the
    /// dropout of layers taken over with --from; a --spec run takes the regularization of its (resumed) spec.
    /// </summary>
    public static Network<float> Network(TrainingCheckpoint<float> checkpoint, TrainCommand.Settings s, TrainingSpec? spec)
    {
        var network = checkpoint.Network;
        if (spec is not null)
        {
            var wanted = spec.Regularization?.Create();
            if (wanted?.Name != network.Regularizer?.Name)
                network = network.WithRegularizer(wanted);
        }
        else if (s.FlagsGiven.Contains("--l2") && s.L2 != (network.Regularizer?.Lambda ?? 0))
            network = network.WithRegularizer(s.L2 == 0 ? null : Regularizer.L2(s.L2));
        if (!s.FlagsGiven.Contains("--keep-prob"))
            return network;
        var dropout = network.Layers.OfType<DropoutLayer<float>>().ToList();
        if (dropout.Count == 0 && s.KeepProb < 1)
            throw new ArgumentException($"--keep-prob cannot change from 1 when resuming: the checkpoint '{checkpoint.Path}' was trained without dropout, so its network has no dropout layers.");
        if (dropout.Any(d => d.KeepProb != s.KeepProb))
            network = network.WithKeepProb(s.KeepProb);
        return network;
    }

    /// <summary>The --checkpoint-dir callback, or null without it.</summary>
    /// <exception cref="ArgumentException">--checkpoint-every without --checkpoint-dir, or a value out of range.</exception>
    public static Checkpointing? Callback(TrainCommand.Settings s, bool hasDev, ModelMetadata metadata)
    {
        if (s.CheckpointEvery is int every && every < 1)
            throw new ArgumentException($"--checkpoint-every must be at least 1 (got {every}).");
        if (s.CheckpointDir is null)
            return s.CheckpointEvery is null ? null : throw new ArgumentException("--checkpoint-every needs --checkpoint-dir DIR.");
        return new Checkpointing(s.CheckpointDir, s.CheckpointEvery ?? 0, best: hasDev, last: true, metadata: metadata);
    }
}
