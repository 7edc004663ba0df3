using System.Globalization;

namespace Backprop.Metrics;

/// <summary>
/// Chooses a model the course's way: one optimizing metric to make as good as possible, and any number of
/// satisficing metrics that only have to meet a threshold (e.g. maximize F1 subject to latency ≤ 100 ms and
/// size ≤ 10 MB).
/// </summary>
/// <remarks>
/// Combining all metrics into one weighted formula is arbitrary; bounding all but one keeps a single number
/// to rank by while still ruling out models that are too slow or too large. Among feasible candidates with
/// equal optimizing values the one listed first wins, so the choice never depends on sort stability.
/// </remarks>
public static class ModelSelection
{
    /// <summary>Picks the feasible candidate with the best <paramref name="optimizing"/> metric.</summary>
    /// <param name="candidates">The candidates; at least one, with distinct names.</param>
    /// <param name="optimizing">The metric to rank by.</param>
    /// <param name="goal">Whether higher or lower <paramref name="optimizing"/> values are better.</param>
    /// <param name="constraints">The satisficing constraints every winner must meet.</param>
    /// <returns>The winner (null when no candidate is feasible) and the reason each other candidate lost.</returns>
    /// <exception cref="ArgumentException">No candidates; a name is empty or repeated; a candidate lacks a metric that
    /// is ranked or constrained, or has a non-finite value for one; a constraint's threshold is not finite.</exception>
    public static ModelSelectionResult Choose(IReadOnlyList<Candidate> candidates, string optimizing, Goal goal,
        params IReadOnlyList<SatisficingConstraint> constraints)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentException.ThrowIfNullOrWhiteSpace(optimizing);
        ArgumentNullException.ThrowIfNull(constraints);
        Validate(candidates, optimizing, constraints);

        var violations = candidates.Select(c => constraints.Where(k => !k.IsSatisfiedBy(c.Metrics[k.Metric])).ToArray()).ToArray();
        int winner = -1;
        for (int i = 0; i < candidates.Count; i++)
        {
            if (violations[i].Length == 0 && (winner < 0 || Better(candidates[i].Metrics[optimizing], candidates[winner].Metrics[optimizing], goal)))
                winner = i;
        }

        var excluded = new List<ExcludedCandidate>();
        for (int i = 0; i < candidates.Count; i++)
        {
            if (i == winner)
                continue;
            var candidate = candidates[i];
            string reason = violations[i].Length > 0
                ? "violates " + string.Join(" and ", violations[i].Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} ({k.Metric} = {candidate.Metrics[k.Metric]})")))
                : Outscored(candidate, candidates[winner], optimizing, goal);
            excluded.Add(new ExcludedCandidate(candidate, violations[i], reason));
        }
        return new ModelSelectionResult(winner < 0 ? null : candidates[winner], excluded);
    }

    private static bool Better(double value, double best, Goal goal) => goal == Goal.Maximize ? value > best : value < best;

    private static string Outscored(Candidate loser, Candidate winner, string metric, Goal goal)
    {
        double a = loser.Metrics[metric], b = winner.Metrics[metric];
        if (a == b)
            return string.Create(CultureInfo.InvariantCulture, $"ties '{winner.Name}' on {metric} ({a}); the candidate listed first wins ties");
        string comparison = goal == Goal.Maximize ? "lower" : "higher";
        return string.Create(CultureInfo.InvariantCulture, $"meets every constraint but has {comparison} {metric} than '{winner.Name}' ({a} vs {b})");
    }

    private static void Validate(IReadOnlyList<Candidate> candidates, string optimizing, IReadOnlyList<SatisficingConstraint> constraints)
    {
        if (candidates.Count == 0)
            throw new ArgumentException("Model selection needs at least one candidate.", nameof(candidates));
        foreach (var constraint in constraints)
        {
            ArgumentNullException.ThrowIfNull(constraint, nameof(constraints));
            if (string.IsNullOrWhiteSpace(constraint.Metric))
                throw new ArgumentException("A satisficing constraint names no metric.", nameof(constraints));
            if (!double.IsFinite(constraint.Threshold))
                throw new ArgumentException($"The threshold of constraint on '{constraint.Metric}' is {constraint.Threshold}; it must be finite.", nameof(constraints));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var required = constraints.Select(k => k.Metric).Prepend(optimizing).Distinct(StringComparer.Ordinal).ToArray();
        for (int i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i] ?? throw new ArgumentException($"Candidate {i} is null.", nameof(candidates));
            if (string.IsNullOrWhiteSpace(candidate.Name))
                throw new ArgumentException($"Candidate {i} has no name.", nameof(candidates));
            if (!names.Add(candidate.Name))
                throw new ArgumentException($"Two candidates are named '{candidate.Name}'; names must be distinct.", nameof(candidates));
            ArgumentNullException.ThrowIfNull(candidate.Metrics, nameof(candidates));
            foreach (string metric in required)
            {
                if (!candidate.Metrics.TryGetValue(metric, out double value))
                    throw new ArgumentException($"Candidate '{candidate.Name}' has no value for metric '{metric}'.", nameof(candidates));
                if (!double.IsFinite(value))
                    throw new ArgumentException($"Candidate '{candidate.Name}' has {metric} = {value}; metric values must be finite.", nameof(candidates));
            }
        }
    }
}
