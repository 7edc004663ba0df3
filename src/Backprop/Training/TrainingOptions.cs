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

    /// <summary>Record the cost in <see cref="History.Costs"/> every this many epochs (and after the last one); the course prints every 100.</summary>
    public int CostEvery { get; init; } = 100;

    /// <summary>Callbacks notified as training runs (in order).</summary>
    public IReadOnlyList<TrainingCallback> Callbacks { get; init; } = [];

    /// <summary>Throws when a value is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Epochs or CostEvery is not positive.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Optimizer, nameof(Optimizer));
        if (Epochs <= 0)
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "The number of epochs must be positive.");
        if (CostEvery <= 0)
            throw new ArgumentOutOfRangeException(nameof(CostEvery), CostEvery, "CostEvery must be positive.");
        ArgumentNullException.ThrowIfNull(Callbacks, nameof(Callbacks));
    }
}
