using Backprop.Metrics;

namespace Backprop.Tuning;

/// <summary>
/// Coarse-to-fine random search: sample the whole space, keep the best trials, shrink every range
/// around them and sample again, for <see cref="Rounds"/> rounds.
/// </summary>
/// <remarks>
/// <para>After each round the <see cref="TopK"/> best completed trials so far decide the next space: a
/// numeric range becomes the min … max of their values, widened on each side by <see cref="Margin"/> times
/// the current width and clipped to the current range; log and 1 − β scales do this in their log coordinate;
/// a choice keeps the values seen among them.</para>
/// <para>Round r's trials have ids r·<see cref="TrialsPerRound"/> onwards, and each round's space follows
/// from the earlier rounds' logged scores, so a search stopped in any round resumes exactly.</para>
/// </remarks>
/// <example><code>
/// var search = new CoarseToFine { Rounds = 3, TrialsPerRound = 20, TopK = 5, Seed = 7 };
/// var result = search.Run(space, new TuningRunner { DegreeOfParallelism = 2 }, (trial, ct) => Fit(trial, ct));
/// </code></example>
public sealed class CoarseToFine
{
    /// <summary>Rounds of sampling (3 by default).</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Random trials per round (20 by default).</summary>
    public int TrialsPerRound { get; init; } = 20;

    /// <summary>How many of the best trials the next space is fitted around (5 by default).</summary>
    public int TopK { get; init; } = 5;

    /// <summary>Widening on each side, as a fraction of the current range's width (0.1 by default).</summary>
    public double Margin { get; init; } = 0.1;

    /// <summary>The search's seed; every trial is reproducible from it.</summary>
    public ulong Seed { get; init; }

    /// <summary>Runs the rounds with <paramref name="runner"/> and returns every trial best first, with each round's space.</summary>
    /// <exception cref="SearchSpaceException">The space is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive or the margin is negative.</exception>
    /// <exception cref="OperationCanceledException">The search was cancelled.</exception>
    public CoarseToFineResult Run(SearchSpace space, ITrialRunner runner, Func<Trial, CancellationToken, TrialOutcome> objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Rounds, nameof(Rounds));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TrialsPerRound, nameof(TrialsPerRound));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TopK, nameof(TopK));
        if (!(Margin >= 0) || double.IsInfinity(Margin))
            throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "The margin must be a finite fraction ≥ 0.");
        space.Validate();

        var spaces = new List<SearchSpace>(Rounds);
        var all = new List<TrialResult>();
        var current = space;
        TuningResult ranked = TuningResult.Rank(all, runner.Goal);
        for (int round = 0; round < Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            spaces.Add(current);
            var trials = RandomSearch.Trials(current, TrialsPerRound, Seed, round, firstId: round * TrialsPerRound);
            all.AddRange(runner.Run(trials, objective, cancellationToken).Results);
            ranked = TuningResult.Rank(all, runner.Goal);
            var best = ranked.Results.Where(r => r.Status == TrialStatus.Completed && !double.IsNaN(r.Score)).Take(TopK).Select(r => r.Trial).ToArray();
            current = current.Narrow(best, Margin);
        }
        return new CoarseToFineResult(ranked, spaces, current);
    }
}
