using Backprop.Training;

namespace Backprop.Tuning;

/// <summary>What an objective returns for one trial: the score to rank by and any other numbers worth keeping.</summary>
/// <param name="Score">The number trials are ranked by (for example the dev cost).</param>
public sealed record TrialOutcome(double Score)
{
    /// <summary>Other numbers to log and export (train cost, dev accuracy, epochs run, …).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The trial's training history, when it trained a network; kept in memory only, not logged.</summary>
    public History? History { get; init; }

    /// <summary>
    /// An outcome scored by <paramref name="score"/> that also records the history's final training cost
    /// and epoch count as the metrics <c>train_cost</c> and <c>epochs</c>.
    /// </summary>
    public static TrialOutcome FromHistory(History history, double score)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new TrialOutcome(score)
        {
            History = history,
            Metrics = new Dictionary<string, double> { ["train_cost"] = history.FinalCost, ["epochs"] = history.Epochs },
        };
    }
}
