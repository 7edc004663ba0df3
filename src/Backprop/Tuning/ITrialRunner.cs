using Backprop.Metrics;

namespace Backprop.Tuning;

/// <summary>Runs a batch of trials and returns all their results, best first; what <see cref="CoarseToFine"/> runs each round with.</summary>
public interface ITrialRunner
{
    /// <summary>Whether smaller or larger scores are better.</summary>
    Goal Goal { get; }

    /// <summary>Runs (or collects) every trial of <paramref name="trials"/> and returns their results, best first.</summary>
    TuningResult Run(IReadOnlyList<Trial> trials, Func<Trial, CancellationToken, TrialOutcome> objective, CancellationToken cancellationToken = default);
}
