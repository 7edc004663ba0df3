namespace Backprop.Training;

/// <summary>What one epoch produced, passed to callbacks.</summary>
public readonly record struct EpochResult
{
    /// <summary>0-based epoch.</summary>
    public required int Epoch { get; init; }

    /// <summary>
    /// The cost of the epoch: for full-batch training J before the update; with mini-batches the
    /// batches' costs weighted by their sizes, Σ J_b·m_b / m.
    /// </summary>
    public required double Cost { get; init; }

    /// <summary>The cost of the epoch's last mini-batch (what the 2017–2020 course notebooks print).</summary>
    public required double LastBatchCost { get; init; }

    /// <summary>The learning rate the epoch used.</summary>
    public required double LearningRate { get; init; }

    /// <summary>The validation (dev) set's cost after the epoch, or null without a validation set.</summary>
    public double? DevCost { get; init; }

    /// <summary>The validation set's accuracy after the epoch (classification losses only), or null.</summary>
    public double? DevAccuracy { get; init; }

    /// <summary>Time since training started.</summary>
    public required TimeSpan Elapsed { get; init; }
}
