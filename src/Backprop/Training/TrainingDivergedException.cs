namespace Backprop.Training;

/// <summary>
/// Thrown when the cost (or a parameter) becomes NaN or infinite during training. The message names
/// the iteration and suggests a lower learning rate, the usual cause.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for a cost that became <paramref name="cost"/> at <paramref name="epoch"/>.</summary>
    public TrainingDivergedException(int epoch, double cost, double learningRate, string? what = null)
        : base($"Training diverged at iteration (epoch) {epoch}: {what ?? $"the cost became {cost}"}. The learning rate ({learningRate}) is probably too high: try a lower one (e.g. {learningRate / 10}).")
    {
        Epoch = epoch;
        Cost = cost;
    }

    /// <summary>The 0-based iteration (epoch) at which training stopped being finite.</summary>
    public int Epoch { get; }

    /// <summary>The non-finite cost (NaN when a parameter, not the cost, diverged).</summary>
    public double Cost { get; }
}
