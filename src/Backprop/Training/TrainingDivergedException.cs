namespace Backprop.Training;

/// <summary>
/// Thrown when the cost or a gradient becomes NaN or infinite during training. The message names the
/// epoch, the mini-batch and the offending quantity (the cost, or a parameter's gradient, which names
/// its layer), and suggests a lower learning rate, the usual cause. The update that would have used
/// the non-finite values is not applied, so the network keeps its last finite weights.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="epoch">0-based epoch (iteration, for full-batch training).</param>
    /// <param name="batch">0-based mini-batch within the epoch.</param>
    /// <param name="what">What became non-finite, e.g. "the cost became NaN" or "the gradient of layers.1.W".</param>
    /// <param name="learningRate">The learning rate in use.</param>
    public TrainingDivergedException(int epoch, int batch, string what, double learningRate)
        : base($"Training diverged at iteration (epoch) {epoch}, batch {batch}: {what}. The learning rate ({learningRate}) is probably too high: try a lower one (e.g. {learningRate / 10}).")
    {
        Epoch = epoch;
        Batch = batch;
    }

    /// <summary>The 0-based epoch at which training stopped being finite.</summary>
    public int Epoch { get; }

    /// <summary>The 0-based mini-batch within <see cref="Epoch"/>.</summary>
    public int Batch { get; }
}
