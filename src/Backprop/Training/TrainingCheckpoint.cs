using System.Numerics;
using Backprop.Layers;
using Backprop.Serialization;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// A training checkpoint read by <see cref="CheckpointFile.Load{T}"/>: the network as it was after
/// <see cref="Epoch"/> epochs, with its random sources in their saved states, and the rest of the training
/// state (optimizer slots and step count, schedule, shuffling and augmentation generators, callback
/// states, cost history). Continue with <c>Trainer.Resume</c>.
/// </summary>
/// <typeparam name="T">The element type the network computes in.</typeparam>
public sealed class TrainingCheckpoint<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal TrainingCheckpoint(string path, LoadedModel<T> model, int epoch, bool stopped, string optimizerKind, string optimizerName, int steps,
        Dictionary<string, Matrix<T>> optimizerSlots, string? scheduleName, double[] scheduleState, byte[]? shuffleRandom, byte[]? augmentationRandom,
        List<(string Name, double[] State)> callbacks, IReadOnlyList<Matrix<T>>? bestWeights, List<CostRecord> costs)
    {
        Path = path;
        Model = model;
        Epoch = epoch;
        Stopped = stopped;
        OptimizerKind = optimizerKind;
        OptimizerName = optimizerName;
        Steps = steps;
        OptimizerSlots = optimizerSlots;
        ScheduleName = scheduleName;
        ScheduleState = scheduleState;
        ShuffleRandom = shuffleRandom;
        AugmentationRandom = augmentationRandom;
        Callbacks = callbacks;
        BestWeights = bestWeights;
        Costs = costs;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>The network (parameters, batch-norm running statistics, frozen flags) with its metadata.</summary>
    public LoadedModel<T> Model { get; }

    /// <summary>The network; <c>Trainer.Resume</c> trains it in place.</summary>
    public Network<T> Network => Model.Network;

    /// <summary>Class names, input normalization and properties saved with the model.</summary>
    public ModelMetadata Metadata => Model.Metadata;

    /// <summary>Epochs completed; a resumed run starts with this 0-based epoch.</summary>
    public int Epoch { get; }

    /// <summary>Whether a callback (early stopping) had stopped training at this epoch.</summary>
    public bool Stopped { get; }

    /// <summary>The optimizer's type name (<c>Adam</c>, <c>Momentum</c>, …); a resumed run must use the same kind.</summary>
    public string OptimizerKind { get; }

    /// <summary>The optimizer with its hyperparameters, as it was, e.g. <c>Adam(α=0.001, …)</c>.</summary>
    public string OptimizerName { get; }

    /// <summary>Updates applied so far (Adam's t).</summary>
    public int Steps { get; }

    /// <summary>The learning-rate schedule's name, or null when none was used.</summary>
    public string? ScheduleName { get; }

    /// <summary>The cost history up to <see cref="Epoch"/>.</summary>
    public IReadOnlyList<CostRecord> Costs { get; }

    internal Dictionary<string, Matrix<T>> OptimizerSlots { get; }

    internal double[] ScheduleState { get; }

    internal byte[]? ShuffleRandom { get; }

    internal byte[]? AugmentationRandom { get; }

    internal List<(string Name, double[] State)> Callbacks { get; }

    internal IReadOnlyList<Matrix<T>>? BestWeights { get; }
}
