using Backprop.Metrics;

namespace Backprop.Tuning;

/// <summary>The results of a search, best first.</summary>
public sealed class TuningResult
{
    internal TuningResult(IReadOnlyList<TrialResult> results, Goal goal)
    {
        Results = results;
        Goal = goal;
    }

    /// <summary>
    /// Every trial, best first: completed trials by score in <see cref="Goal"/> (NaN scores last), then
    /// failed trials; ties by trial id.
    /// </summary>
    public IReadOnlyList<TrialResult> Results { get; }

    /// <summary>Whether a smaller or larger score won.</summary>
    public Goal Goal { get; }

    /// <summary>The best completed trial, or null when none completed.</summary>
    public TrialResult? Best => Results.Count > 0 && Results[0].Status == TrialStatus.Completed && !double.IsNaN(Results[0].Score) ? Results[0] : null;

    /// <summary>Sorts <paramref name="results"/> best first.</summary>
    internal static TuningResult Rank(IEnumerable<TrialResult> results, Goal goal)
    {
        double sign = goal == Goal.Minimize ? 1 : -1;
        var ranked = results
            .OrderBy(r => r.Status == TrialStatus.Completed && !double.IsNaN(r.Score) ? 0 : 1)
            .ThenBy(r => double.IsNaN(r.Score) ? 0 : sign * r.Score)
            .ThenBy(r => r.Trial.Id)
            .ToArray();
        return new TuningResult(ranked, goal);
    }
}
