namespace Backprop.Tuning;

/// <summary>
/// Grid search, offered for comparison with <see cref="RandomSearch"/>: the cartesian product of evenly
/// spaced points per parameter (log-spaced on log scales, spaced on log₁₀(1 − β) for β, every value of a choice).
/// </summary>
/// <remarks>
/// With g points per parameter a grid of gⁿ trials still tries only g values of each parameter, which is
/// why the course prefers random search.
/// </remarks>
public static class GridSearch
{
    /// <summary>The grid's trials, the last parameter varying fastest; ids 0 … N − 1.</summary>
    /// <param name="space">What to enumerate.</param>
    /// <param name="pointsPerParameter">Points per numeric parameter, both ends included (fewer for a short integer range).</param>
    /// <param name="seed">The search seed each trial's <see cref="Trial.Seed"/> is derived from.</param>
    /// <exception cref="SearchSpaceException">The space is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pointsPerParameter"/> is not positive.</exception>
    public static IReadOnlyList<Trial> Trials(SearchSpace space, int pointsPerParameter, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pointsPerParameter);
        space.Validate();
        var axes = space.Parameters.Select(p => p.Grid(pointsPerParameter)).ToArray();
        long total = axes.Aggregate(1L, (n, axis) => n * axis.Count);
        if (total > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(pointsPerParameter), pointsPerParameter, $"The grid would hold {total} trials.");

        var trials = new Trial[total];
        var position = new int[axes.Length];
        for (int id = 0; id < total; id++)
        {
            var values = new Dictionary<string, object>(axes.Length, StringComparer.Ordinal);
            for (int p = 0; p < axes.Length; p++)
                values[space.Parameters[p].Name] = axes[p][position[p]];
            trials[id] = new Trial(id, Trial.SeedFor(seed, id), 0, values);
            // Odometer step: the last parameter turns fastest.
            for (int p = axes.Length - 1; p >= 0 && ++position[p] == axes[p].Count; p--)
                position[p] = 0;
        }
        return trials;
    }
}
