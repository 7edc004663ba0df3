namespace Backprop.Training;

/// <summary>
/// Thrown when the cost becomes NaN or infinite during training. The message names the epoch and
/// suggests a lower learning rate, the usual cause.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for a cost that became <paramref name="cost"/> at <paramref name="epoch"/>.</summary>
    public TrainingDivergedException(int epoch, double cost, double learningRate)
        : base($"The cost became {cost} at epoch {epoch}; training stopped. The learning rate ({learningRate}) is probably too high: try a lower one (e.g. {learningRate / 10}).")
    {
        Epoch = epoch;
        Cost = cost;
    }

    /// <summary>The 0-based epoch at which the cost stopped being finite.</summary>
    public int Epoch { get; }

    /// <summary>The non-finite cost.</summary>
    public double Cost { get; }
}
