using System.Numerics;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// The trainer's side of checkpoints: gathering the run's state after an epoch (<see cref="Capture"/>) and
/// putting a checkpoint's state back into a new run (<see cref="Restore"/>). Only called when checkpointing
/// or resuming, so ordinary training pays nothing for it.
/// </summary>
internal static class TrainingResume
{
    /// <summary>Rejects options a checkpoint cannot continue with, before anything is built.</summary>
    public static void Check<T>(TrainingCheckpoint<T> checkpoint, TrainingOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string kind = options.Optimizer.GetType().Name;
        if (kind != checkpoint.OptimizerKind)
            throw new ArgumentException($"optimizer: the checkpoint '{checkpoint.Path}' was trained with {checkpoint.OptimizerKind} and cannot be resumed with {kind} (its state would not carry over).", nameof(options));
        if (options.Epochs <= checkpoint.Epoch)
            throw new ArgumentException($"epochs: the checkpoint '{checkpoint.Path}' has already trained {checkpoint.Epoch} epochs; ask for more than that in all (got {options.Epochs}).", nameof(options));
    }

    /// <summary>Puts the checkpoint's state into the new run's pieces and returns the epoch to start with.</summary>
    public static int Restore<T>(TrainingCheckpoint<T> checkpoint, IOptimizerState<T> state, TrainingOptions options, ShufflePolicy shuffle,
        IRestorableRandom? augmentationRandom, WeightSnapshot<T> snapshot, List<CostRecord> costs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string file = checkpoint.Path;
        var slots = checkpoint.OptimizerSlots;
        foreach (var (name, slot) in state.Slots)
        {
            if (!slots.TryGetValue(name, out var saved))
                throw new InvalidDataException($"Checkpoint file '{file}': the optimizer slot '{name}' is missing (the checkpoint holds {slots.Count} slots for {checkpoint.OptimizerKind}).");
            if (saved.Rows != slot.Rows || saved.Columns != slot.Columns)
                throw new InvalidDataException($"Checkpoint file '{file}': the optimizer slot '{name}' is {saved.ShapeText} but its parameter needs {slot.ShapeText}.");
            saved.Span.CopyTo(slot.Span);
        }
        if (slots.Keys.FirstOrDefault(k => !state.Slots.ContainsKey(k)) is { } extra)
            throw new InvalidDataException($"Checkpoint file '{file}': the optimizer slot '{extra}' belongs to no trainable parameter of the network.");
        state.Steps = checkpoint.Steps;

        if (options.Schedule is { } schedule && schedule.Name == checkpoint.ScheduleName)
            Try(file, "schedule", () => schedule.RestoreState(checkpoint.ScheduleState));
        if (checkpoint.ShuffleRandom is { } shuffleState && shuffle.Stream is IRestorableRandom shuffleRandom)
            Try(file, "random.shuffle", () => shuffleRandom.RestoreState(shuffleState));
        if (checkpoint.AugmentationRandom is { } augmentationState && augmentationRandom is not null)
            Try(file, "random.augmentation", () => augmentationRandom.RestoreState(augmentationState));

        // Callbacks are matched by state name and order, so a callback added or dropped between runs starts fresh.
        var remaining = new List<(string Name, double[] State)>(checkpoint.Callbacks);
        foreach (var callback in options.Callbacks.OfType<IResumableCallback>())
        {
            int index = remaining.FindIndex(c => c.Name == callback.StateName);
            if (index < 0)
                continue;
            var saved = remaining[index].State;
            remaining.RemoveAt(index);
            Try(file, $"callbacks ({callback.StateName})", () => callback.RestoreState(saved));
        }
        if (checkpoint.BestWeights is { } best)
            Try(file, "best_weights", () => snapshot.Load(best));
        costs.AddRange(checkpoint.Costs);
        return checkpoint.Epoch;
    }

    /// <summary>Writes the checkpoints callbacks asked for, all with the state after <paramref name="epochsDone"/> epochs.</summary>
    public static void WritePending<T>(TrainingContext context, int epochsDone, Network<T> network, TrainingOptions options, IOptimizerState<T> state,
        ShufflePolicy shuffle, IRestorableRandom? augmentationRandom, WeightSnapshot<T> snapshot, List<CostRecord> costs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var pending = context.PendingCheckpoints!;
        var saved = Capture(epochsDone, context.StopTraining, network, options, state, shuffle, augmentationRandom, snapshot, costs);
        foreach (var (path, metadata) in pending)
            Serialization.CheckpointFile.Write(path, network, metadata, saved);
        pending.Clear();
    }

    /// <summary>The state of the run after <paramref name="epochsDone"/> epochs, for a checkpoint (tensors are referenced, not copied: it is written at once).</summary>
    public static CheckpointState<T> Capture<T>(int epochsDone, bool stopped, Network<T> network, TrainingOptions options, IOptimizerState<T> state,
        ShufflePolicy shuffle, IRestorableRandom? augmentationRandom, WeightSnapshot<T> snapshot, List<CostRecord> costs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dropoutSources = network.Layers.OfType<DropoutLayer<T>>().Select(d => d.Random).Distinct().ToList();
        if (dropoutSources.Count > 1)
            throw new NotSupportedException("Cannot checkpoint a network whose dropout layers draw from different random sources; build it with one shared dropout generator.");
        var callbacks = options.Callbacks.OfType<IResumableCallback>().Select(c => (c.StateName, c.SaveState())).ToList();
        return new CheckpointState<T>(
            epochsDone, stopped, options.Optimizer, state,
            [.. network.Parameters.Where(p => p.Frozen).Select(p => p.Name)],
            options.Schedule,
            dropoutSources.Count == 1 ? SaveRandom(dropoutSources[0], "the dropout layers") : null,
            shuffle.Stream is { } stream ? SaveRandom(stream, "the shuffling") : null,
            augmentationRandom?.SaveState(),
            callbacks,
            snapshot.Saved,
            [.. costs]);
    }

    private static byte[] SaveRandom(IRandomSource random, string user) => random is IRestorableRandom restorable
        ? restorable.SaveState()
        : throw new NotSupportedException($"Cannot checkpoint the random source of {user} ({random.GetType().Name}): it cannot save its state (use FastRandom or NumPyRandom).");

    private static void Try(string file, string field, Action restore)
    {
        try
        {
            restore();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Checkpoint file '{file}': field 'checkpoint.{field}': {e.Message}", e);
        }
    }
}
