namespace Backprop.Metrics;

/// <summary>A candidate that did not win, and why.</summary>
/// <param name="Candidate">The candidate.</param>
/// <param name="Violated">The constraints it broke; empty when it met them all but scored worse than the winner.</param>
/// <param name="Reason">The reason in words, with the values compared.</param>
public sealed record ExcludedCandidate(Candidate Candidate, IReadOnlyList<SatisficingConstraint> Violated, string Reason);
