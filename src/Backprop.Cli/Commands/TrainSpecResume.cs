using System.Text.Json;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>train --resume</c> for a run started with <c>--spec FILE</c>: the checkpoint holds the spec itself
/// (property <c>train.spec</c>), so it resumes without the file. Panda-mode changes come from the same flags as
/// for a flag run (<c>--lr</c>, <c>--epochs</c>, <c>--batch-size</c>, <c>--l2</c>, <c>--keep-prob</c>,
/// <c>--early-stopping</c>, <c>--decay-rate</c>/<c>--decay-interval</c>) or from an edited spec given again with
/// <c>--spec</c>, which must match the checkpoint's in everything else.
/// </summary>
internal static class TrainSpecResume
{
    /// <summary>The checkpoint property holding the spec's JSON (empty for a run from flags).</summary>
    public const string Property = "train.spec";

    /// <summary>The spec fields an edited spec file may change when resuming (the rest fix the network, its optimizer kind and the data's order).</summary>
    private static readonly string[] Changeable = ["epochs", "batch_size", "optimizer.learning_rate", "regularization", "schedule", "early_stopping"];

    /// <summary>The spec a checkpoint was trained with, or null for a run from flags.</summary>
    /// <exception cref="ArgumentException">The run used a spec the checkpoint does not hold (written before specs were kept).</exception>
    public static TrainingSpec? Saved(TrainingCheckpoint<float> checkpoint)
    {
        if (!checkpoint.Metadata.Properties.TryGetValue(Property, out string? json) || json.Length == 0)
            return null;
        if (!json.StartsWith('{'))
            throw new ArgumentException($"--resume: '{checkpoint.Path}' was written by a run with --spec '{json}' and does not hold the spec itself; resume it with the library's Trainer.Resume.");
        return TrainingSpec.Parse(json, $"{checkpoint.Path}: {Property}");
    }

    /// <summary>
    /// The spec the resumed run trains with: the checkpoint's, or the file given with --spec when it differs only
    /// in the changeable fields, then the panda flags given on top.
    /// </summary>
    /// <exception cref="ArgumentException">The given spec differs in a field that cannot change (named).</exception>
    public static TrainingSpec Resumed(TrainingSpec saved, TrainCommand.Settings s, string checkpointPath)
    {
        var spec = saved;
        if (s.Spec is not null)
        {
            var given = TrainingSpec.Load(s.Spec);
            if (FirstDifference(Fixed(given), Fixed(saved)) is string field)
                throw new ArgumentException($"--spec '{s.Spec}' differs from the spec '{checkpointPath}' was trained with in '{field}'; when resuming only {string.Join(", ", Changeable)} (and keep_prob, with --keep-prob) may change.");
            spec = given;
        }
        bool Given(string flag) => s.FlagsGiven.Contains(flag);
        if (Given("--epochs")) spec = spec with { Epochs = s.Epochs };
        if (Given("--batch-size")) spec = spec with { BatchSize = s.BatchSize is null or 0 ? null : s.BatchSize };
        if (Given("--lr")) spec = spec with { Optimizer = spec.Optimizer with { LearningRate = s.LearningRate } };
        if (Given("--l2")) spec = spec with { Regularization = s.L2 == 0 ? null : new RegularizationSpec { Kind = RegularizationKind.L2, Lambda = s.L2 } };
        if (Given("--keep-prob")) spec = spec with { Layers = [.. spec.Layers.Select(l => l.KeepProb < 1 ? l with { KeepProb = s.KeepProb } : l)] };
        if (s.EarlyStopping is int patience)
            spec = spec with { EarlyStopping = (spec.EarlyStopping ?? new EarlyStoppingSpec { RestoreBestWeights = true }) with { Patience = patience } };
        TrainCommand.CheckDecay(s);
        if (s.DecayRate is double rate)
        {
            spec = spec with
            {
                Schedule = s.DecayInterval is int interval
                    ? new ScheduleSpec { Kind = ScheduleKind.FixedInterval, DecayRate = rate, TimeInterval = interval }
                    : new ScheduleSpec { Kind = ScheduleKind.InverseTime, DecayRate = rate },
            };
        }
        spec.Validate($"{checkpointPath} with the flags given");
        return spec;
    }

    /// <summary>The spec with its changeable fields (and keep_prob) set to fixed values, for comparing the rest.</summary>
    private static TrainingSpec Fixed(TrainingSpec spec) => spec with
    {
        Epochs = 1,
        BatchSize = null,
        Optimizer = spec.Optimizer with { LearningRate = null },
        Regularization = null,
        Schedule = null,
        EarlyStopping = null,
        Layers = [.. spec.Layers.Select(l => l with { KeepProb = l.KeepProb < 1 ? 0.5 : 1 })],
    };

    /// <summary>The first top-level field (in the spec's written order) whose JSON differs, or null when none does.</summary>
    private static string? FirstDifference(TrainingSpec a, TrainingSpec b)
    {
        using var left = JsonDocument.Parse(a.ToJson());
        using var right = JsonDocument.Parse(b.ToJson());
        var theirs = right.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
        foreach (var field in left.RootElement.EnumerateObject())
            if (!theirs.Remove(field.Name, out string? value) || value != field.Value.GetRawText())
                return field.Name;
        return theirs.Keys.FirstOrDefault();
    }
}
