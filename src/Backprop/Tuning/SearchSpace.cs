using Backprop.Randomness;

namespace Backprop.Tuning;

/// <summary>
/// A named hyperparameter search space: each parameter has a name, a scale and a range (or a list of
/// choices). Built fluently; every method validates at once and names the parameter in its error.
/// </summary>
/// <remarks>
/// The course's advice is random search rather than a grid, on the right scale: the learning rate on a
/// log scale (<see cref="LogUniform"/>), momentum and Adam's β on the 1 − β scale (<see cref="OneMinusBeta"/>).
/// A space is immutable once built: the builder methods return a new space, so a space handed to a search
/// cannot change under it.
/// </remarks>
/// <example><code>
/// var space = SearchSpace.Empty
///     .LogUniform("LearningRate", 1e-4, 1e-1)
///     .IntRange("HiddenUnits", 16, 128)
///     .OneMinusBeta("Beta1", 0.9, 0.999)
///     .Choice("Optimizer", "adam", "momentum");
/// </code></example>
public sealed class SearchSpace
{
    private SearchSpace(IReadOnlyList<SearchParameter> parameters) => Parameters = parameters;

    /// <summary>A space with no parameters, to build from.</summary>
    public static SearchSpace Empty { get; } = new([]);

    /// <summary>The parameters, in the order they were added (and are sampled).</summary>
    public IReadOnlyList<SearchParameter> Parameters { get; }

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public SearchParameter this[string name] => Parameters.FirstOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"The search space has no parameter '{name}'; it has {string.Join(", ", Parameters.Select(p => p.Name))}.");

    /// <summary>Adds a real parameter uniform in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="SearchSpaceException">The name is empty or taken, a bound is not finite, or min &gt; max.</exception>
    public SearchSpace Uniform(string name, double min, double max) => Add(SearchParameter.Numeric(name, ParameterScale.Uniform, min, max));

    /// <summary>Adds an integer parameter uniform in [<paramref name="min"/>, <paramref name="max"/>], both included.</summary>
    /// <exception cref="SearchSpaceException">The name is empty or taken, or min &gt; max.</exception>
    public SearchSpace IntRange(string name, int min, int max) => Add(SearchParameter.Numeric(name, ParameterScale.Integer, min, max));

    /// <summary>Adds a parameter taking one of <paramref name="values"/>, each equally likely.</summary>
    /// <exception cref="SearchSpaceException">The name is empty or taken, or the values are empty or repeated.</exception>
    public SearchSpace Choice(string name, params string[] values) => Add(SearchParameter.Choice(name, values));

    /// <summary>Adds a positive parameter sampled on a log scale: r uniform in [log₁₀ min, log₁₀ max], value 10^r.</summary>
    /// <exception cref="SearchSpaceException">The name is empty or taken, min &gt; max, or min ≤ 0.</exception>
    public SearchSpace LogUniform(string name, double min, double max) => Add(SearchParameter.Numeric(name, ParameterScale.LogUniform, min, max));

    /// <summary>
    /// Adds a β in [<paramref name="minBeta"/>, <paramref name="maxBeta"/>] ⊂ (0, 1) sampled on the 1 − β scale:
    /// r uniform on log₁₀(1 − β), β = 1 − 10^r, so β ∈ [0.9, 0.99] is as likely as β ∈ [0.99, 0.999].
    /// </summary>
    /// <exception cref="SearchSpaceException">The name is empty or taken, min &gt; max, or a bound is outside (0, 1).</exception>
    public SearchSpace OneMinusBeta(string name, double minBeta, double maxBeta) => Add(SearchParameter.Numeric(name, ParameterScale.OneMinusBeta, minBeta, maxBeta));

    /// <summary>Adds an already built parameter (from another space).</summary>
    /// <exception cref="SearchSpaceException">Its name is taken.</exception>
    public SearchSpace Add(SearchParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (Parameters.Any(p => p.Name == parameter.Name))
            throw new SearchSpaceException(parameter.Name, $"a parameter named '{parameter.Name}' is already in the space.");
        return new SearchSpace([.. Parameters, parameter]);
    }

    /// <summary>Throws when the space cannot be searched.</summary>
    /// <exception cref="SearchSpaceException">The space has no parameters.</exception>
    public void Validate()
    {
        if (Parameters.Count == 0)
            throw new SearchSpaceException("parameters", "the search space is empty; add at least one parameter.");
    }

    /// <summary>
    /// Trial <paramref name="index"/> of a search seeded with <paramref name="searchSeed"/>: its values are
    /// drawn, in parameter order, from a generator seeded by <see cref="Trial.SeedFor"/>(searchSeed, index),
    /// so the trial depends only on the space, the seed and its index, never on how many others are drawn.
    /// </summary>
    /// <param name="searchSeed">The search's seed.</param>
    /// <param name="index">The trial's id, 0-based and unique within the search.</param>
    /// <param name="round">The coarse-to-fine round it belongs to (0 for a single round).</param>
    /// <exception cref="SearchSpaceException">The space is empty.</exception>
    public Trial Sample(ulong searchSeed, int index, int round = 0)
    {
        Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ulong seed = Trial.SeedFor(searchSeed, index);
        var random = new FastRandom(seed);
        var values = new Dictionary<string, object>(Parameters.Count, StringComparer.Ordinal);
        foreach (var parameter in Parameters)
            values[parameter.Name] = parameter.Sample(random);
        return new Trial(index, seed, round, values);
    }

    /// <summary>
    /// This space with every parameter shrunk around the values the <paramref name="best"/> trials took
    /// (see <see cref="CoarseToFine"/>); unchanged when <paramref name="best"/> is empty.
    /// </summary>
    /// <param name="best">The trials to shrink around.</param>
    /// <param name="margin">Each numeric range is widened by this fraction of its current width on each side, then clipped.</param>
    public SearchSpace Narrow(IReadOnlyList<Trial> best, double margin)
    {
        ArgumentNullException.ThrowIfNull(best);
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        return new SearchSpace([.. Parameters.Select(p => p.Narrow([.. best.Select(t => t.Values[p.Name])], margin))]);
    }

    /// <inheritdoc/>
    public override string ToString() => $"SearchSpace({string.Join("; ", Parameters)})";
}
