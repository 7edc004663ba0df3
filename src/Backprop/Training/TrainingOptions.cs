using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>How <see cref="Trainer"/> trains a network.</summary>
public sealed record TrainingOptions
{
    /// <summary>The update rule and its learning rate.</summary>
    public required Optimizer Optimizer { get; init; }

    /// <summary>
    /// Number of passes over the training set. With full-batch gradient descent one epoch is one
    /// iteration (the course's <c>num_iterations</c>).
    /// </summary>
    public int Epochs { get; init; } = 1000;

    /// <summary>
    /// Examples per mini-batch; null (the default) trains on the whole set at once (batch gradient
    /// descent). 1 is stochastic gradient descent. The last batch of an epoch keeps the remainder.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// How examples are ordered each epoch. When null: no shuffling for full-batch training, and a
    /// fresh permutation per epoch from a <c>FastRandom</c> seeded with <see cref="Seed"/> for mini-batches.
    /// </summary>
    public ShufflePolicy? Shuffle { get; init; }

    /// <summary>
    /// How the learning rate changes from epoch to epoch, starting from the optimizer's
    /// <see cref="Optimizer.LearningRate"/> (α₀); constant when null. The trainer resets it before the first
    /// epoch and lets it observe each epoch's training cost (for <see cref="Schedules.ReduceOnPlateau"/>).
    /// </summary>
    public Schedules.LearningRateSchedule? Schedule { get; init; }

    /// <summary>Optional gradient clipping (by global norm or by value), applied after backward propagation and before each update.</summary>
    public Optimizers.GradientClipping? Clipping { get; init; }

    /// <summary>
    /// Optional data augmentation applied to each mini-batch's inputs (a copy; the data set is never
    /// modified), drawing from a <c>FastRandom</c> seeded with <see cref="Seed"/> + 1.
    /// </summary>
    public Data.Augmentation.Augmenter? Augmentation { get; init; }

    /// <summary>Seed of the default shuffling generator.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Record the cost in <see cref="History.Costs"/> every this many epochs (and after the last one); the course prints every 100.</summary>
    public int CostEvery { get; init; } = 100;

    /// <summary>
    /// Stop with a <see cref="TrainingDivergedException"/> as soon as a batch's cost or gradient is NaN
    /// or infinite (on by default). Turn off only to reproduce a run that passes through such values.
    /// </summary>
    public bool StopOnDivergence { get; init; } = true;

    /// <summary>Callbacks notified as training runs (in order).</summary>
    public IReadOnlyList<TrainingCallback> Callbacks { get; init; } = [];

    /// <summary>Throws when a value is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Epochs, CostEvery or BatchSize is not positive.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Optimizer, nameof(Optimizer));
        if (Epochs <= 0)
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "The number of epochs must be positive.");
        if (CostEvery <= 0)
            throw new ArgumentOutOfRangeException(nameof(CostEvery), CostEvery, "CostEvery must be positive.");
        if (BatchSize is < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The mini-batch size must be at least 1.");
        ArgumentNullException.ThrowIfNull(Callbacks, nameof(Callbacks));
    }
}
