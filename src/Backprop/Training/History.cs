namespace Backprop.Training;

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
