namespace Backprop.Training;

/// <summary>The cost at one epoch, computed in that epoch's forward pass before its update.</summary>
/// <param name="Epoch">0-based epoch (iteration for full-batch training).</param>
/// <param name="Cost">The cost J.</param>
public readonly record struct CostRecord(int Epoch, double Cost);

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

/// <summary>The record of a training run.</summary>
public sealed class History
{
    internal History(IReadOnlyList<CostRecord> costs, int epochs, bool stoppedEarly, TimeSpan elapsed)
    {
        Costs = costs;
        Epochs = epochs;
        StoppedEarly = stoppedEarly;
        Elapsed = elapsed;
    }

    /// <summary>The recorded costs, every <see cref="TrainingOptions.CostEvery"/> epochs and at the last epoch.</summary>
    public IReadOnlyList<CostRecord> Costs { get; }

    /// <summary>Number of epochs actually run.</summary>
    public int Epochs { get; }

    /// <summary>True when a callback stopped training before <see cref="TrainingOptions.Epochs"/>.</summary>
    public bool StoppedEarly { get; }

    /// <summary>Wall-clock time of the training loop.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The last recorded cost.</summary>
    public double FinalCost => Costs.Count == 0 ? double.NaN : Costs[^1].Cost;

    /// <summary>The recorded cost at <paramref name="epoch"/>.</summary>
    /// <exception cref="KeyNotFoundException">No cost was recorded at that epoch.</exception>
    public double CostAt(int epoch)
    {
        foreach (var record in Costs)
            if (record.Epoch == epoch)
                return record.Cost;
        throw new KeyNotFoundException($"No cost was recorded at epoch {epoch}; costs are recorded at epochs {string.Join(", ", Costs.Take(5).Select(c => c.Epoch))}….");
    }
}

/// <summary>What one mini-batch step produced, passed to callbacks.</summary>
public readonly record struct BatchResult
{
    /// <summary>0-based epoch.</summary>
    public required int Epoch { get; init; }

    /// <summary>0-based batch within the epoch.</summary>
    public required int Batch { get; init; }

    /// <summary>Examples in the batch.</summary>
    public required int Size { get; init; }

    /// <summary>The batch's cost J, computed before its update.</summary>
    public required double Cost { get; init; }
}
