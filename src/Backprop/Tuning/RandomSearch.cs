namespace Backprop.Tuning;

/// <summary>Random search: independent draws from a <see cref="SearchSpace"/>, the course's recommended way to explore.</summary>
/// <remarks>
/// Unlike a grid, n random trials try n distinct values of every parameter, so the few hyperparameters
/// that matter most are explored finely even when many that matter little are also being varied.
/// </remarks>
public static class RandomSearch
{
    /// <summary>Trials <paramref name="firstId"/> … <paramref name="firstId"/> + <paramref name="count"/> − 1 of the search seeded with <paramref name="seed"/>.</summary>
    /// <param name="space">What to sample.</param>
    /// <param name="count">How many trials.</param>
    /// <param name="seed">The search's seed; trial k depends only on (space, seed, k).</param>
    /// <param name="round">The round recorded on each trial.</param>
    /// <param name="firstId">The id of the first trial (later rounds continue the numbering).</param>
    /// <exception cref="SearchSpaceException">The space is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="firstId"/> is negative.</exception>
    public static IReadOnlyList<Trial> Trials(SearchSpace space, int count, ulong seed, int round = 0, int firstId = 0)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(firstId);
        space.Validate();
        var trials = new Trial[count];
        for (int k = 0; k < count; k++)
            trials[k] = space.Sample(seed, firstId + k, round);
        return trials;
    }
}
